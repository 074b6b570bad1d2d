"""The Hive oracle for `pdmctl submit local` (issue 13): renders the `local` pipeline, runs every
rendered statement in Spark SQL with Hive support (the openx JSON SerDe tables read here in
Python, by the openx 1.3.8 / JSON.org 2011 rules), runs `pdmctl submit local` on the same data,
and compares every table and view the pipeline creates, cell by cell.

Usage: scripts/oracle [--data DIR] [--keep DIR] [--warehouse WH] [--date YYYY-MM-DD]
Exit: 0 all equal; 1 a difference, an empty table on the Hive side, a statement Spark rejected
or a SerDe error; 2 usage or pdmctl failures.
"""
import argparse, datetime, decimal, gzip, json, math, os, re, shutil, subprocess, sys, tempfile, time


# ---------------------------------------------------------------------------------------------
# openx JSON SerDe 1.3.8 with its bundled JSON.org (2011) copy
# ---------------------------------------------------------------------------------------------

class JSONError(Exception):
    pass


class Null:
    """JSONObject.NULL"""
    def __repr__(self):
        return "NULL"


NULL = Null()


class JObject:
    """A parsed JSONObject: entries in insertion order (the HashMap order is computed when written)."""
    __slots__ = ("keys", "map")

    def __init__(self):
        self.keys, self.map = [], {}


class Tokener:
    """JSONTokener: next() gives '\\0' at the end (and for a NUL char, as Reader.read() <= 0)."""
    __slots__ = ("s", "i", "n", "lower")

    def __init__(self, s, lower):
        self.s, self.i, self.n, self.lower = s, 0, len(s), lower

    def next(self):
        i = self.i
        self.i = i + 1
        if i >= self.n:
            return "\0"
        c = self.s[i]
        return c

    def back(self):
        self.i -= 1

    def next_clean(self):
        while True:
            c = self.next()
            if c == "\0" or c > " ":
                return c

    def next_string(self, quote):
        out = []
        while True:
            c = self.next()
            if c in ("\0", "\n", "\r"):
                raise JSONError("Unterminated string")
            if c == "\\":
                c = self.next()
                if c == "b":
                    out.append("\b")
                elif c == "t":
                    out.append("\t")
                elif c == "n":
                    out.append("\n")
                elif c == "f":
                    out.append("\f")
                elif c == "r":
                    out.append("\r")
                elif c == "u":
                    h = self.s[self.i:self.i + 4]
                    self.i += 4
                    if len(h) < 4 or not re.fullmatch(r"[0-9A-Fa-f]{4}", h):
                        raise JSONError("bad \\u escape")
                    out.append(chr(int(h, 16)))
                elif c in "\"'\\/":
                    out.append(c)
                else:
                    raise JSONError("Illegal escape.")
            elif c == quote:
                return "".join(out)
            else:
                out.append(c)

    def next_value(self):
        c = self.next_clean()
        if c in ('"', "'"):
            return self.next_string(c)
        if c == "{":
            self.back()
            return self.object()
        if c == "[":
            self.back()
            return self.array()
        sb = []
        while c >= " " and c not in ",:]}/\\\"[{;=#":
            sb.append(c)
            c = self.next()
        self.back()
        text = java_trim("".join(sb))
        if text == "":
            raise JSONError("Missing value")
        low = text.lower()
        if low == "true":
            return True
        if low == "false":
            return False
        if low == "null":
            return NULL
        return text  # numbers stay text

    def object(self):
        if self.next_clean() != "{":
            raise JSONError("A JSONObject text must begin with '{'")
        o = JObject()
        while True:
            c = self.next_clean()
            if c == "\0":
                raise JSONError("A JSONObject text must end with '}'")
            if c == "}":
                return o
            self.back()
            key = to_text(self.next_value())
            if self.lower:
                key = key.lower()
            c = self.next_clean()
            if c == "=":
                if self.next() != ">":
                    self.back()
            elif c != ":":
                raise JSONError("Expected a ':' after a key")
            value = self.next_value()
            if key in o.map:
                raise JSONError(f'Duplicate key "{key}"')
            o.keys.append(key)
            o.map[key] = value
            c = self.next_clean()
            if c in ",;":
                if self.next_clean() == "}":
                    return o
                self.back()
            elif c == "}":
                return o
            else:
                raise JSONError("Expected a ',' or '}'")

    def array(self):
        if self.next_clean() != "[":
            raise JSONError("A JSONArray text must start with '['")
        a = []
        if self.next_clean() == "]":
            return a
        self.back()
        while True:
            if self.next_clean() == ",":
                self.back()
                a.append(NULL)
            else:
                self.back()
                a.append(self.next_value())
            c = self.next_clean()
            if c in ",;":
                if self.next_clean() == "]":
                    return a
                self.back()
            elif c == "]":
                return a
            else:
                raise JSONError("Expected a ',' or ']'")


def java_trim(s):
    i, j = 0, len(s)
    while i < j and s[i] <= " ":
        i += 1
    while j > i and s[j - 1] <= " ":
        j -= 1
    return s[i:j]


def java_hash(s):
    h = 0
    b = s.encode("utf-16-le", "surrogatepass")
    for k in range(0, len(b), 2):
        h = (31 * h + (b[k] | (b[k + 1] << 8))) & 0xFFFFFFFF
    return h


def hashmap_order(keys):
    """java.util.HashMap iteration order of keys inserted in this order (no removals)."""
    cap = 16
    while len(keys) > 0.75 * cap:
        cap *= 2
    def bucket(k):
        h = java_hash(k)
        return (h ^ (h >> 16)) & (cap - 1)
    return [k for _, _, k in sorted((bucket(k), n, k) for n, k in enumerate(keys))]


def quote(s):
    if s == "":
        return '""'
    out, b = ['"'], ""
    for c in s:
        if c in '\\"':
            out.append("\\" + c)
        elif c == "/":
            if b == "<":
                out.append("\\")
            out.append(c)
        elif c == "\b":
            out.append("\\b")
        elif c == "\t":
            out.append("\\t")
        elif c == "\n":
            out.append("\\n")
        elif c == "\f":
            out.append("\\f")
        elif c == "\r":
            out.append("\\r")
        elif c < " " or "\u0080" <= c < "\u00a0" or "\u2000" <= c < "\u2100":
            out.append("\\u%04x" % ord(c))
        else:
            out.append(c)
        b = c
    out.append('"')
    return "".join(out)


def write_json(v):
    """JSONObject.toString / JSONArray.toString as the SerDe writes a nested value."""
    if isinstance(v, JObject):
        return "{" + ",".join(quote(k) + ":" + write_json(v.map[k]) for k in hashmap_order(v.keys)) + "}"
    if isinstance(v, list):
        return "[" + ",".join(write_json(e) for e in v) + "]"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is NULL:
        return '"null"'
    return quote(v)


def to_text(v):
    """A value as Java's toString gives it (a key, a STRING column)."""
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is NULL:
        return "null"
    if isinstance(v, (JObject, list)):
        return write_json(v)
    return v


class CellError(Exception):
    pass


INT_RE = re.compile(r"[+-]?[0-9]+")
HEX_RE = re.compile(r"[+-]?[0-9A-Fa-f]+")
DOUBLE_RE = re.compile(r"[+-]?(NaN|Infinity|((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?)")


def java_integer(text, bits):
    if text.startswith(("0x", "0X")):
        body, base = text[2:], 16
        ok = HEX_RE.fullmatch(body)
    else:
        body, base = text, 10
        ok = INT_RE.fullmatch(body)
    if not ok:
        raise CellError(f'NumberFormatException: For input string: "{text}"')
    v = int(body, base)
    if not -(1 << (bits - 1)) <= v < (1 << (bits - 1)):
        raise CellError(f'NumberFormatException: For input string: "{text}" (out of range)')
    return v


def java_double(text):
    t = java_trim(text)
    if not DOUBLE_RE.fullmatch(t):
        raise CellError(f'NumberFormatException: For input string: "{text}"')
    t = t.rstrip("fFdD") if not t.endswith("Infinity") else t
    return float(t.replace("Infinity", "inf"))


def cell(v, typ):
    """One column's value from the parsed JSON value (absent or JSON NULL: None)."""
    if v is None or v is NULL:
        return None
    if typ == "string":
        return to_text(v)
    if typ == "array<string>":
        if not isinstance(v, list):
            return None
        return [None if e is NULL else to_text(e) for e in v]
    if typ in ("int", "bigint", "smallint", "tinyint"):
        if not isinstance(v, str):
            raise CellError(f"ClassCastException: {type(v).__name__} is not a number text")
        return java_integer(v, {"int": 32, "bigint": 64, "smallint": 16, "tinyint": 8}[typ])
    if typ == "boolean":
        if isinstance(v, bool):
            return v
        if isinstance(v, str):
            return v.lower() == "true"
        raise CellError("ClassCastException: a nested value read as BOOLEAN")
    if typ in ("double", "float"):
        if not isinstance(v, str):
            raise CellError(f"ClassCastException: {type(v).__name__} is not a number text")
        return java_double(v)
    raise CellError(f"column type {typ} is not emulated")


LINE_SPLIT = re.compile(r"\r\n|\r|\n")


def read_openx(location, columns, props, report):
    """The rows Hive would read from an openx table's LOCATION folder; errors go to report."""
    lower = props.get("case.insensitive", "true").lower() != "false"  # default true
    ignore = props.get("ignore.malformed.json", "false").lower() == "true"
    keys = []
    for name, typ in columns:
        m = props.get("mapping." + name)
        keys.append(m.lower() if m is not None else name)
    rows, stats = [], {"files": 0, "lines": 0, "null_rows": 0, "malformed": 0}
    if not os.path.isdir(location):
        report.append(f"{location}: LOCATION folder does not exist (Hive reads no rows)")
        return rows, stats
    for fname in sorted(os.listdir(location)):
        if fname.startswith((".", "_")):
            continue
        path = os.path.join(location, fname)
        if os.path.isdir(path):
            report.append(f"{path}: a sub-folder in a table LOCATION (Hive fails: not a file); skipped here")
            continue
        stats["files"] += 1
        raw = open(path, "rb").read()
        if fname.endswith(".gz"):
            raw = gzip.decompress(raw)
        text = raw.decode("utf-8", errors="replace")
        lines = LINE_SPLIT.split(text)
        if lines and lines[-1] == "":
            lines.pop()
        for ln, line in enumerate(lines, 1):
            stats["lines"] += 1
            t = java_trim(line)
            obj = None
            if t.startswith("{"):
                try:
                    obj = Tokener(t, lower).object()
                except JSONError as e:
                    if not ignore:
                        report.append(f"{path}:{ln}: malformed JSON ({e}) and no ignore.malformed.json: the query fails")
                        continue
                    stats["malformed"] += 1
            elif t.startswith("["):
                report.append(f"{path}:{ln}: top-level array not emulated")
                continue
            if obj is None:
                stats["null_rows"] += 1
                rows.append(tuple(None for _ in columns))
                continue
            row = []
            for (name, typ), key in zip(columns, keys):
                try:
                    row.append(cell(obj.map.get(key), typ))
                except CellError as e:
                    col = line.find('"' + key) + 1 or 1
                    report.append(f"{path}:{ln}:{col}: column {name} {typ.upper()}: {e}: the query fails")
                    row.append(None)
            rows.append(tuple(row))
    return rows, stats


# ---------------------------------------------------------------------------------------------
# Statements
# ---------------------------------------------------------------------------------------------

def split_statements(text):
    """(start line, statement text without comments) for each ;-separated statement."""
    out, buf, i, n, line, start = [], [], 0, len(text), 1, None
    while i < n:
        c = text[i]
        if c == "-" and text.startswith("--", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == "/" and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            line += text.count("\n", i, j)
            buf.append(" ")
            i = j
            continue
        if c in "'\"`":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" and c != "`" else 1
            j = min(j + 1, n)
            if start is None:
                start = line
            buf.append(text[i:j])
            line += text.count("\n", i, j)
            i = j
            continue
        if c == ";":
            s = "".join(buf).strip()
            if s:
                out.append((start, s))
            buf, start = [], None
            i += 1
            continue
        if c == "\n":
            line += 1
        elif start is None and not c.isspace():
            start = line
        buf.append(c)
        i += 1
    s = "".join(buf).strip()
    if s:
        out.append((start, s))
    return out


OPENX_RE = re.compile(
    r"(?is)^CREATE\s+EXTERNAL\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?P<name>[\w.`]+)\s*\((?P<cols>.*)\)\s*"
    r"ROW\s+FORMAT\s+SERDE\s+'org\.openx\.data\.jsonserde\.JsonSerDe'\s*"
    r"(?:WITH\s+SERDEPROPERTIES\s*\((?P<props>[^)]*)\)\s*)?"
    r"(?:STORED\s+AS\s+TEXTFILE\s*)?LOCATION\s+'(?P<loc>[^']*)'\s*(?P<rest>.*)$")


def split_top(s, sep=","):
    parts, depth, buf, q = [], 0, [], None
    for c in s:
        if q:
            buf.append(c)
            if c == q:
                q = None
            continue
        if c in "'`\"":
            q = c
        elif c in "<(":
            depth += 1
        elif c in ">)":
            depth -= 1
        if c == sep and depth == 0:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(c)
    parts.append("".join(buf))
    return [p.strip() for p in parts if p.strip()]


def parse_openx(stmt):
    m = OPENX_RE.match(stmt)
    if not m:
        return None
    if m.group("rest").strip():
        raise ValueError(f"unexpected text after LOCATION: {m.group('rest')[:60]}")
    cols = []
    for part in split_top(m.group("cols")):
        cm = re.match(r"(?s)(`[^`]+`|\w+)\s+(.+?)(\s+COMMENT\s+'.*')?$", part)
        if not cm:
            raise ValueError(f"column `{part}` not understood")
        cols.append((cm.group(1).strip("`").lower(), re.sub(r"\s+", "", cm.group(2)).lower()))
    props = {}
    for k, v in re.findall(r"'([^']*)'\s*=\s*'([^']*)'", m.group("props") or ""):
        props[k.lower()] = v
    return m.group("name").replace("`", "").lower(), cols, props, m.group("loc")


# Hive's own classes for functions whose Spark built-ins differ (as scripts/hive-semantics).
G = "org.apache.hadoop.hive.ql.udf.generic."
U = "org.apache.hadoop.hive.ql.udf."
HIVE_UDF = {
    "get_json_object": U + "UDFJson", "json_tuple": G + "GenericUDTFJSONTuple",
    "unix_timestamp": G + "GenericUDFUnixTimeStamp", "from_unixtime": U + "UDFFromUnixTime",
    "date_format": G + "GenericUDFDateFormat", "round": G + "GenericUDFRound",
    "regexp_replace": U + "UDFRegExpReplace", "regexp_extract": U + "UDFRegExpExtract",
    "concat": G + "GenericUDFConcat", "split": G + "GenericUDFSplit",
}


def hive_functions(sql):
    """Calls of HIVE_UDF's functions become h_<name>( outside quotes."""
    out, i, n = [], 0, len(sql)
    pat = re.compile(r"(?i)\b(" + "|".join(HIVE_UDF) + r")\s*\(")
    while i < n:
        c = sql[i]
        if c in "'\"`":
            j = i + 1
            while j < n and sql[j] != c:
                j += 2 if sql[j] == "\\" and c != "`" else 1
            out.append(sql[i:j + 1])
            i = j + 1
            continue
        m = pat.match(sql, i)
        if m and (i == 0 or not (sql[i - 1].isalnum() or sql[i - 1] in "_.")):
            out.append("default.h_" + m.group(1).lower() + "(")
            i = m.end()
            continue
        out.append(c)
        i += 1
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------------------------

def hive_text(v, nested=False):
    """A Spark value as Hive prints it (nested values as SerDeUtils.getJSONString)."""
    if v is None:
        return "null" if nested else None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, datetime.datetime):
        s = v.strftime("%Y-%m-%d %H:%M:%S")
        if v.microsecond:
            s += ("." + "%06d" % v.microsecond).rstrip("0")
        return json.dumps(s) if nested else s
    if isinstance(v, datetime.date):
        return json.dumps(v.isoformat()) if nested else v.isoformat()
    if isinstance(v, (list, tuple)) and not hasattr(v, "asDict"):
        return "[" + ",".join(hive_text(e, True) for e in v) + "]"
    if hasattr(v, "asDict"):
        return "{" + ",".join(json.dumps(k) + ":" + hive_text(x, True) for k, x in v.asDict().items()) + "}"
    if isinstance(v, dict):
        return "{" + ",".join(hive_text(k, True) + ":" + hive_text(x, True) for k, x in v.items()) + "}"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False) if nested else v
    return str(v)


def canon_spark(v):
    if v is None:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float, decimal.Decimal)):
        return float(v) if not isinstance(v, int) else v
    return hive_text(v)


def canon_pdmctl(v):
    if v is None or isinstance(v, (bool, int, float)):
        return v
    if isinstance(v, str):
        return v
    return json.dumps(v)


def sort_key(row):
    out = []
    for v in row:
        if v is None:
            out.append((0, 0, ""))
        elif isinstance(v, bool):
            out.append((1, int(v), ""))
        elif isinstance(v, (int, float)):
            f = float(v)
            out.append((2, 0.0 if math.isnan(f) else float("%.9g" % f), ""))
        else:
            out.append((3, 0, v))
    return out


def same(a, b):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, int) and isinstance(b, int):
            return a == b
        a, b = float(a), float(b)
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    return type(a) is type(b) and a == b


def compare(pd_rows, hv_rows):
    """(only in pdmctl, only in hive) after matching the sorted multisets."""
    a, b = sorted(pd_rows, key=sort_key), sorted(hv_rows, key=sort_key)
    only_a, only_b, i, j = [], [], 0, 0
    while i < len(a) and j < len(b):
        if len(a[i]) == len(b[j]) and all(same(x, y) for x, y in zip(a[i], b[j])):
            i += 1
            j += 1
        elif sort_key(a[i]) <= sort_key(b[j]):
            only_a.append(a[i])
            i += 1
        else:
            only_b.append(b[j])
            j += 1
    return only_a + a[i:], only_b + b[j:]


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------

def stage_order(step):
    """The step's files so that each comes after the files it depends on (manifest order otherwise)."""
    deps, done, out = step.get("depends_on", {}), set(), []
    def visit(p, path=()):
        if p in done:
            return
        if p in path:
            sys.exit(f"scripts/oracle: dependency cycle in step {step['name']}: {' -> '.join(path + (p,))}")
        for d in deps.get(p, []):
            visit(d, path + (p,))
        done.add(p)
        out.append(p)
    for p in step["files"]:
        visit(p)
    return out


def main():
    ap = argparse.ArgumentParser(prog="scripts/oracle")
    ap.add_argument("--data", default="sample")
    ap.add_argument("--keep", help="keep the work folder here (render, Spark warehouse, pdmctl warehouse)")
    ap.add_argument("--warehouse", help="reuse this pdmctl warehouse (no submit)")
    ap.add_argument("--date", default=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d"))
    args = ap.parse_args()
    started = time.time()
    default_bin = os.path.join(os.environ.get("CARGO_TARGET_DIR") or os.path.expanduser("~/.cache/pdmctl-target"),
                               "release", "pdmctl")
    pdmctl = os.environ.get("PDMCTL") or default_bin
    if not os.access(pdmctl, os.X_OK):
        sys.exit(f"scripts/oracle: no pdmctl binary at {pdmctl} (set PDMCTL)")
    data = os.path.abspath(args.data)
    if args.keep:
        work = os.path.abspath(args.keep)
        os.makedirs(work, exist_ok=True)
    else:
        work = tempfile.mkdtemp(prefix="pdm-oracle-")
    out_dir = os.path.join(work, "render")
    print(f"oracle: pdmctl {pdmctl}, data {data}, date {args.date}, work {work}", flush=True)

    r = subprocess.run([pdmctl, "render", "local", "--date", args.date, "--data", data, "--out", out_dir],
                       capture_output=True, text=True)
    if r.returncode:
        sys.exit(f"scripts/oracle: pdmctl render failed:\n{r.stderr}")
    manifest = json.load(open(os.path.join(out_dir, "manifest.json")))
    variables = manifest["variables"]

    # pdmctl first: its clean-dictionary-data builtin normalises the dictionary folder in place,
    # so Spark then reads the same bytes.
    if args.warehouse:
        wh = os.path.abspath(args.warehouse)
    else:
        wh = os.path.join(work, "pdmctl-warehouse")
        shutil.rmtree(wh, ignore_errors=True)
        t = time.time()
        r = subprocess.run([pdmctl, "submit", "local", "--data", data, "--warehouse", wh, "--date", args.date],
                           capture_output=True, text=True)
        open(os.path.join(work, "pdmctl-submit.log"), "w").write(r.stdout + r.stderr)
        print(f"pdmctl submit local: exit {r.returncode} in {time.time() - t:.0f} s "
              f"(log {work}/pdmctl-submit.log)", flush=True)
        if r.returncode:
            print("\n".join("  | " + l for l in (r.stdout + r.stderr).strip().splitlines()[-15:]))

    # Spark with Hive support, as scripts/hive-semantics starts it.
    sw = os.path.join(work, "spark")
    shutil.rmtree(sw, ignore_errors=True)
    os.makedirs(sw)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession
    from pyspark.sql import types as T
    spark = (SparkSession.builder.master("local[2]").appName("pdm-oracle")
             .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.ansi.enabled", "false")
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.shuffle.partitions", "2")
             .config("spark.default.parallelism", "2")
             .config("spark.sql.adaptive.enabled", "false")
             .config("spark.driver.extraJavaOptions", f"-Duser.timezone=UTC -Dderby.system.home={sw}")
             .config("spark.sql.warehouse.dir", os.path.join(sw, "warehouse"))
             .config("spark.hadoop.javax.jdo.option.ConnectionURL", f"jdbc:derby:;databaseName={sw}/metastore;create=true")
             .config("spark.hadoop.hive.exec.dynamic.partition", "true")
             .config("spark.hadoop.hive.exec.dynamic.partition.mode", "nonstrict")
             .config("spark.sql.legacy.createHiveTableByDefault", "true")
             .enableHiveSupport().getOrCreate())
    spark.sparkContext.setLogLevel("OFF")
    # Permanent functions (in `default`): the pipeline's views may not reference temporary ones.
    for name, cls in HIVE_UDF.items():
        spark.sql(f"CREATE FUNCTION IF NOT EXISTS default.h_{name} AS '{cls}'")

    spark_types = {"string": T.StringType(), "int": T.IntegerType(), "bigint": T.LongType(),
                   "smallint": T.ShortType(), "tinyint": T.ByteType(), "boolean": T.BooleanType(),
                   "double": T.DoubleType(), "float": T.FloatType(),
                   "array<string>": T.ArrayType(T.StringType())}
    failures, serde_errors, openx_fed, databases = [], [], set(), []
    t_spark = time.time()

    def run_file(path, text):
        for line, stmt in split_statements(text):
            where = f"{path}:{line}"
            head = " ".join(stmt.split())[:90]
            try:
                spec = parse_openx(stmt)
            except ValueError as e:
                failures.append(f"{where}: openx table not understood: {e}: {head}")
                continue
            if spec:
                name, cols, props, loc = spec
                bad = [f"{c} {t}" for c, t in cols if t not in spark_types]
                if bad:
                    failures.append(f"{where}: openx column types not emulated: {', '.join(bad)}")
                    continue
                report = []
                rows, st = read_openx(loc, cols, props, report)
                for e in report:
                    serde_errors.append(f"{name}: {e}")
                schema = T.StructType([T.StructField(c, spark_types[t], True) for c, t in cols])
                try:
                    spark.sql(f"DROP TABLE IF EXISTS {name}")
                    spark.createDataFrame(rows, schema).write.format("parquet").saveAsTable(name)
                except Exception as e:
                    failures.append(f"{where}: registering openx table {name}: {str(e).strip().splitlines()[0][:300]}")
                    continue
                openx_fed.add(name)
                print(f"  openx {name}: {st['files']} files, {st['lines']} lines, {len(rows)} rows "
                      f"({st['null_rows']} all-NULL, {st['malformed']} malformed)", flush=True)
                continue
            m = re.match(r"(?is)CREATE\s+DATABASE\s+(?:IF\s+NOT\s+EXISTS\s+)?`?(\w+)", stmt)
            if m:
                databases.append(m.group(1).lower())
            try:
                spark.sql(hive_functions(stmt)).collect()
            except Exception as e:
                failures.append(f"{where}: Spark rejected `{head}`: {str(e).strip().splitlines()[0][:400]}")

    files = {f["path"]: f for f in manifest["files"]}
    for step in manifest["steps"]:
        if step["kind"] == "hql":
            t = time.time()
            for p in stage_order(step):
                run_file(p, open(os.path.join(out_dir, p), encoding="utf-8").read())
            print(f"spark step {step['name']}: {len(step['files'])} files in {time.time() - t:.0f} s", flush=True)
        elif step["name"] == "create-views-tables":
            uc, vdb = variables.get("uc_database", "uc"), variables.get("views_database", "uc_views_tables")
            for v in step.get("views", []):
                view = v if "." in v else f"{vdb}.{v}"
                n = v.rsplit(".", 1)[-1]
                run_file(f"create-views-tables/{n}.hql",
                         f"DROP TABLE IF EXISTS {uc}.{n};\nCREATE TABLE {uc}.{n} STORED AS ORC AS SELECT * FROM {view};\n"
                         f"DROP VIEW IF EXISTS {view};\n")
            print(f"spark step create-views-tables: {len(step.get('views', []))} views", flush=True)
    print(f"spark: all statements in {time.time() - t_spark:.0f} s", flush=True)

    # Lineage for "fed by ADG JSON": not traced; every empty Hive-side table fails.
    diffs, empties, compared = 0, [], 0
    objects = []
    for db in dict.fromkeys(databases):
        for t in spark.catalog.listTables(db):
            if not t.isTemporary:
                objects.append((f"{db}.{t.name}", t.tableType))
    print()
    for name, kind in objects:
        df = spark.table(name)
        cols = [f.name for f in df.schema.fields]
        hv = [tuple(canon_spark(v) for v in row) for row in df.collect()]
        r = subprocess.run([pdmctl, "query", "local", f"SELECT * FROM {name}", "--warehouse", wh, "--format", "json"],
                           capture_output=True, text=True)
        compared += 1
        if r.returncode:
            diffs += 1
            print(f"DIFF {name}  pdmctl: {r.stderr.strip().splitlines()[-1] if r.stderr.strip() else 'query failed'}; hive {len(hv)} rows")
            if not hv:
                empties.append(name)
            continue
        # pdmctl's JSON lines have their keys sorted: columns are matched by name.
        pd_objs = [{k.lower(): v for k, v in json.loads(l).items()} for l in r.stdout.splitlines() if l.strip()]
        pd_cols = sorted(pd_objs[0].keys()) if pd_objs else None
        if pd_cols is not None and pd_cols != sorted(c.lower() for c in cols):
            diffs += 1
            print(f"DIFF {name}  columns differ: pdmctl {pd_cols} hive {sorted(c.lower() for c in cols)}")
            continue
        pd = [tuple(canon_pdmctl(o.get(c.lower())) for c in cols) for o in pd_objs]
        only_pd, only_hv = compare(pd, hv)
        tag = "" if kind != "VIEW" else " (view)"
        if not only_pd and not only_hv:
            print(f"ok   {name}  {len(hv)} rows{tag}")
        else:
            diffs += 1
            print(f"DIFF {name}  pdmctl {len(pd)} rows, hive {len(hv)} rows{tag}")
            for label, rows in (("pdmctl only", only_pd), ("hive only  ", only_hv)):
                for row in rows[:5]:
                    print(f"     {label}: " + ", ".join(f"{c}={v!r}" for c, v in zip(cols, row)))
                if len(rows) > 5:
                    print(f"     {label}: ... {len(rows) - 5} more")
        if not hv:
            empties.append(name)
    spark.stop()

    print()
    for f in failures:
        print(f"SPARK FAILED {f}")
    for e in serde_errors:
        print(f"SERDE ERROR {e}")
    for e in empties:
        print(f"EMPTY on the Hive side: {e}{' (an openx source table)' if e in openx_fed else ''}")
    ok = compared - diffs
    print(f"oracle: {compared} tables and views compared, {ok} equal, {diffs} differ, {len(empties)} empty on the "
          f"Hive side, {len(failures)} statements Spark rejected, {len(serde_errors)} SerDe errors, "
          f"in {time.time() - started:.0f} s")
    sys.exit(1 if diffs or empties or failures or serde_errors else 0)


if __name__ == "__main__":
    main()
