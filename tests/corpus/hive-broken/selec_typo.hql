-- Broken on purpose: SELEC for SELECT in the second statement.
USE dw;
SELEC customer_id FROM order_lines;
