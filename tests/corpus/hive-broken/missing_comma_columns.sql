-- Broken on purpose: a comma is missing between two column definitions.
create table customer_address
(
    ca_address_sk             bigint,
    ca_address_id             string
    ca_street_number          string,
    ca_city                   string
)
stored as orc;
