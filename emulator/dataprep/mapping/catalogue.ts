import type { FunctionDoc, FunctionParamDoc, OperatorDoc } from "./types.js";

/**
 * The listings behind GET /languages/el/functions and GET /languages/el/operators.
 *
 * Every documented function is implemented, except:
 * - the Analytics functions aa_get_event_id, aa_get_event_value, aa_get_product_categories,
 *   aa_get_product_names, aa_get_product_quantity, aa_get_product_price,
 *   aa_get_product_event_values and aa_get_product_evars (Web SDK / Adobe Analytics flows only);
 * - filterArray and transformArray (destination-only, they take a `x -> ...` lambda);
 * - fpid_to_ecid (the FPID to ECID algorithm is not published, so its output cannot be matched).
 * array_to_string and flattenArray are documented as destination-only but need no lambda, so they
 * are available.
 *
 * Examples are runnable and results are the JSON of what this engine returns; where the docs'
 * sample output is visibly wrong (a typo or a value that does not follow from the input), the
 * result here is the computed one.
 */

const STRING = "java.lang.String";
const OBJECT = "java.lang.Object";
const OBJECTS = "[Ljava.lang.Object;";
const INTEGER = "java.lang.Integer";
const LONG = "java.lang.Long";
const BOOLEAN = "java.lang.Boolean";
const DATE = "java.time.ZonedDateTime";
const LIST = "java.util.List";
const MAP = "java.util.Map";
const DOUBLE = "java.lang.Double";
const FLOAT = "java.lang.Float";
const BIGINT = "java.math.BigInteger";

const TYPE_OF: Record<string, string> = {
  [STRING]: "string",
  [INTEGER]: "integer",
  [LONG]: "long",
  [BOOLEAN]: "boolean",
  [DATE]: "date",
  [LIST]: "array",
  [MAP]: "map",
  [DOUBLE]: "number",
  [FLOAT]: "number",
};

type Param = [name: string, description: string, dataType: string];

interface Entry {
  fn: string;
  description: string;
  syntax: string;
  returns: string;
  returnType: string;
  example: string;
  result: string;
  params?: Param[];
}

function category(name: string, entries: Entry[]): FunctionDoc[] {
  return entries.map((e) => ({
    category: name,
    function: e.fn,
    description: e.description,
    syntax: e.syntax,
    returns: e.returns,
    returnType: e.returnType,
    example: e.example,
    result: e.result,
    params: (e.params ?? []).map(toParam),
    since: 1,
  }));
}

function toParam([name, description, dataType]: Param, index: number): FunctionParamDoc {
  return { name, description, type: TYPE_OF[dataType] ?? "object", dataType, position: index + 1 };
}

const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 5_1_1 like Mac OS X) AppleWebKit/534.46 (KHTML, like Gecko) Version/5.1 Mobile/9B206 Safari/7534.48.3";

const string = category("String", [
  {
    fn: "concat", description: "Joins the string forms of all its arguments; null arguments add nothing.",
    syntax: "String concat(Object...)", returns: "The concatenated string.", returnType: STRING,
    example: 'concat("Hi, ", "there", "!")', result: '"Hi, there!"',
    params: [["values", "The values to join, in order.", OBJECTS]],
  },
  {
    fn: "explode", description: "Splits a string around matches of a regular expression (\",\" when omitted), keeping empty parts except trailing ones.",
    syntax: "String[] explode(String, String)", returns: "The parts of the string.", returnType: LIST,
    example: 'explode("Hi, there!", " ")', result: '["Hi,","there!"]',
    params: [["input", "The string to split.", STRING], ["regex", "Optional. The separator pattern; regex metacharacters must be escaped.", STRING]],
  },
  {
    fn: "instr", description: "Finds a substring and returns its 0-based index, or -1 when it is absent.",
    syntax: "Integer instr(String, String, Integer, Integer)", returns: "The index of the requested occurrence, or -1.", returnType: INTEGER,
    example: 'instr("adobe.com", "com")', result: "6",
    params: [
      ["input", "The string to search.", STRING],
      ["substring", "The text to look for.", STRING],
      ["startPosition", "Optional. The 0-based index to start searching from (default 0).", INTEGER],
      ["occurrence", "Optional. Which occurrence to find (default 1).", INTEGER],
    ],
  },
  {
    fn: "replacestr", description: "Replaces every occurrence of a search string.",
    syntax: "String replacestr(String, String, String)", returns: "The string with all occurrences replaced.", returnType: STRING,
    example: 'replacestr("This is a string re test", "re", "replace")', result: '"This is a string replace test"',
    params: [["input", "The original string.", STRING], ["toFind", "The text to replace.", STRING], ["toReplace", "The replacement text.", STRING]],
  },
  {
    fn: "substr", description: "Takes a run of characters starting at a 0-based index, clipped to the end of the string.",
    syntax: "String substr(String, Integer, Integer)", returns: "The substring.", returnType: STRING,
    example: 'substr("This is a substring test", 7, 8)', result: '" a subst"',
    params: [["input", "The original string.", STRING], ["startIndex", "The 0-based index of the first character.", INTEGER], ["length", "How many characters to take.", INTEGER]],
  },
  ...["lower", "lcase"].map((fn) => ({
    fn, description: "Converts a string to lower case.", syntax: `String ${fn}(String)`, returns: "The lower-case string.", returnType: STRING,
    example: `${fn}("HeLLo")`, result: '"hello"', params: [["input", "The string to convert.", STRING]] as Param[],
  })),
  ...["upper", "ucase"].map((fn) => ({
    fn, description: "Converts a string to upper case.", syntax: `String ${fn}(String)`, returns: "The upper-case string.", returnType: STRING,
    example: `${fn}("HeLLo")`, result: '"HELLO"', params: [["input", "The string to convert.", STRING]] as Param[],
  })),
  {
    fn: "split", description: "Splits a string wherever any one of the separator's characters occurs and drops empty parts; write \\\\ for a backslash.",
    syntax: "String[] split(String, String)", returns: "The non-empty parts.", returnType: LIST,
    example: 'split("Hello world", " ")', result: '["Hello","world"]',
    params: [["input", "The string to split.", STRING], ["separator", "The separator characters.", STRING]],
  },
  {
    fn: "join", description: "Joins the elements of an array (or the remaining arguments) with a separator.",
    syntax: "String join(String, Object...)", returns: "The joined string.", returnType: STRING,
    example: 'join(" ", to_array(true, "Hello", "world"))', result: '"Hello world"',
    params: [["separator", "Put between elements.", STRING], ["values", "An array, or several values.", OBJECTS]],
  },
  {
    fn: "lpad", description: "Pads the start of a string with repetitions of a padding string up to a size; longer strings are unchanged.",
    syntax: "String lpad(String, Integer, String)", returns: "The padded string.", returnType: STRING,
    example: 'lpad("bat", 8, "yz")', result: '"yzyzybat"',
    params: [["input", "The string to pad.", STRING], ["count", "The size to pad to.", INTEGER], ["padding", "The padding; a space when null or empty.", STRING]],
  },
  {
    fn: "rpad", description: "Pads the end of a string with repetitions of a padding string up to a size; longer strings are unchanged.",
    syntax: "String rpad(String, Integer, String)", returns: "The padded string.", returnType: STRING,
    example: 'rpad("bat", 8, "yz")', result: '"batyzyzy"',
    params: [["input", "The string to pad.", STRING], ["count", "The size to pad to.", INTEGER], ["padding", "The padding; a space when null or empty.", STRING]],
  },
  {
    fn: "left", description: "Takes the first n characters.", syntax: "String left(String, Integer)", returns: "The leading characters.", returnType: STRING,
    example: 'left("abcde", 2)', result: '"ab"', params: [["input", "The string.", STRING], ["count", "How many characters.", INTEGER]],
  },
  {
    fn: "right", description: "Takes the last n characters.", syntax: "String right(String, Integer)", returns: "The trailing characters.", returnType: STRING,
    example: 'right("abcde", 2)', result: '"de"', params: [["input", "The string.", STRING], ["count", "How many characters.", INTEGER]],
  },
  {
    fn: "ltrim", description: "Removes leading whitespace.", syntax: "String ltrim(String)", returns: "The trimmed string.", returnType: STRING,
    example: 'ltrim(" hello")', result: '"hello"', params: [["input", "The string to trim.", STRING]],
  },
  {
    fn: "rtrim", description: "Removes trailing whitespace.", syntax: "String rtrim(String)", returns: "The trimmed string.", returnType: STRING,
    example: 'rtrim("hello ")', result: '"hello"', params: [["input", "The string to trim.", STRING]],
  },
  {
    fn: "trim", description: "Removes leading and trailing whitespace.", syntax: "String trim(String)", returns: "The trimmed string.", returnType: STRING,
    example: 'trim(" hello ")', result: '"hello"', params: [["input", "The string to trim.", STRING]],
  },
  {
    fn: "equals", description: "Method: compares two strings, case-sensitively.", syntax: "boolean STRING1.equals(STRING2)",
    returns: "true when the strings are identical.", returnType: BOOLEAN,
    example: '"string1".equals("STRING1")', result: "false", params: [["other", "The string to compare with.", STRING]],
  },
  {
    fn: "equalsIgnoreCase", description: "Method: compares two strings, ignoring case.", syntax: "boolean STRING1.equalsIgnoreCase(STRING2)",
    returns: "true when the strings match apart from case.", returnType: BOOLEAN,
    example: '"string1".equalsIgnoreCase("STRING1")', result: "true", params: [["other", "The string to compare with.", STRING]],
  },
]);

const REGEX_EXAMPLE_INPUT = '"E259,E259B_009,1_1", "([^,]+),[^,]*,([^,]+)"';

const regularExpression = category("Regular Expression", [
  {
    fn: "extract_regex", description: "Finds the first match of a regular expression and returns the whole match followed by its groups.",
    syntax: "String[] extract_regex(String, String)", returns: "The match and its groups, or null when nothing matches.", returnType: LIST,
    example: `extract_regex(${REGEX_EXAMPLE_INPUT})`, result: '["E259,E259B_009,1_1","E259","1_1"]',
    params: [["input", "The string to search.", STRING], ["regex", "The regular expression.", STRING]],
  },
  {
    fn: "matches_regex", description: "Tests whether the whole string matches a regular expression.",
    syntax: "boolean matches_regex(String, String)", returns: "true on a full match.", returnType: BOOLEAN,
    example: `matches_regex(${REGEX_EXAMPLE_INPUT})`, result: "true",
    params: [["input", "The string to test.", STRING], ["regex", "The regular expression.", STRING]],
  },
]);

const HASH_PARAMS: Param[] = [
  ["input", "The text to hash.", STRING],
  ["charset", "Optional. UTF-8 (default), UTF-16, ISO-8859-1 or US-ASCII.", STRING],
];

const hashing = category("Hashing", [
  ["sha1", "SHA-1", "c3599c11e47719df18a2448690840c5dfcce3c80"],
  ["sha256", "SHA-256", "7330d2b39ca35eaf4cb95fc846c21ee6a39af698154a83a586ee270a0d372104"],
  ["sha512", "SHA-512", "a3d7e45a0d9be5fd4e4b9a3b8c9c2163c21ef708bf11b4232bb21d2a8704ada2cdcd7b367dd0788a89a5c908cfe377aceb1072a7b386b7d4fd2ff68a8fd24d16"],
  ["md5", "MD5", "d3b96ce8c9fb4e9bd0198d03ba6852c7"],
  ["crc32", "CRC-32", "8df92e80"],
].map(([fn, algorithm, hash]) => ({
  fn, description: `Hashes the bytes of a string in a character set with ${algorithm}.`,
  syntax: `String ${fn}(String, String)`, returns: "The hash as lowercase hexadecimal.", returnType: STRING,
  example: `${fn}("my text", "UTF-8")`, result: JSON.stringify(hash), params: HASH_PARAMS,
})));

const URL_PARAM: Param = ["url", "The URL.", STRING];
const FERRET = '"foo://example.com:8042/over/there?name=ferret#nose"';
const PARTNER_URL = "https://example.com/partneralliance_asia-pacific_2022";

const url = category("URL", [
  {
    fn: "get_url_protocol", description: "Reads the scheme of a URL.", syntax: "String get_url_protocol(String)",
    returns: "The scheme, or null for text that is not a URL.", returnType: STRING,
    example: 'get_url_protocol("https://platform.adobe.com/home")', result: '"https"', params: [URL_PARAM],
  },
  {
    fn: "get_url_host", description: "Reads the host of a URL.", syntax: "String get_url_host(String)",
    returns: "The host, or null for text that is not a URL.", returnType: STRING,
    example: 'get_url_host("https://platform.adobe.com/home")', result: '"platform.adobe.com"', params: [URL_PARAM],
  },
  {
    fn: "get_url_port", description: "Reads the port of a URL, falling back to the scheme's well-known port.", syntax: "Integer get_url_port(String)",
    returns: "The port, or null when there is none.", returnType: INTEGER,
    example: 'get_url_port("sftp://example.com//home/joe/employee.csv")', result: "22", params: [URL_PARAM],
  },
  {
    fn: "get_url_path", description: "Reads the path of a URL, or only its last segment when FULL_PATH is false.", syntax: "String get_url_path(String, boolean)",
    returns: "The path, or null for text that is not a URL.", returnType: STRING,
    example: 'get_url_path("sftp://example.com//home/joe/employee.csv")', result: '"//home/joe/employee.csv"',
    params: [URL_PARAM, ["fullPath", "Optional. false for the last segment only (default true).", BOOLEAN]],
  },
  {
    fn: "get_url_query_str", description: "Reads the query parameters of a URL into a map. ANCHOR decides the fate of the fragment: \"retain\" appends it to the last value, \"remove\" drops it, \"append\" adds it under _anchor_.",
    syntax: "Map get_url_query_str(String, String)", returns: "The parameters by name.", returnType: MAP,
    example: `get_url_query_str(${FERRET}, "append")`, result: '{"name":"ferret","_anchor_":"nose"}',
    params: [URL_PARAM, ["anchor", "retain, remove or append.", STRING]],
  },
  {
    fn: "get_url_encoded", description: "Percent-encodes the reserved characters of a string (space becomes %20).", syntax: "String get_url_encoded(String)",
    returns: "The encoded string.", returnType: STRING,
    example: `get_url_encoded("${PARTNER_URL}")`, result: JSON.stringify(encodeURIComponent(PARTNER_URL)), params: [URL_PARAM],
  },
  {
    fn: "get_url_decoded", description: "Decodes percent-encoded characters.", syntax: "String get_url_decoded(String)",
    returns: "The decoded string.", returnType: STRING,
    example: `get_url_decoded("${encodeURIComponent(PARTNER_URL)}")`, result: JSON.stringify(PARTNER_URL), params: [URL_PARAM],
  },
]);

const DATE_PARAM: Param = ["date", "A date, a date string or epoch milliseconds.", DATE];

const dateTime = category("Date / Time", [
  {
    fn: "now", description: "The current date and time in UTC.", syntax: "ZonedDateTime now()", returns: "The current date-time.", returnType: DATE,
    example: "now()", result: '"2021-10-26T10:10:24Z"',
  },
  {
    fn: "timestamp", description: "The current Unix time in milliseconds.", syntax: "long timestamp()", returns: "Milliseconds since 1970-01-01T00:00:00Z.", returnType: LONG,
    example: "timestamp()", result: "1571850624571",
  },
  {
    fn: "format", description: "Formats a date with a DateTimeFormatter pattern.", syntax: "String format(ZonedDateTime, String)",
    returns: "The formatted date.", returnType: STRING,
    example: 'format(date("2019-10-23T11:24:00+00:00"), "yyyy-MM-dd HH:mm:ss")', result: '"2019-10-23 11:24:00"',
    params: [DATE_PARAM, ["format", "The pattern, for example yyyy-MM-dd'T'HH:mm:ss.SSSX.", STRING]],
  },
  {
    fn: "dformat", description: "Formats epoch milliseconds, read in UTC, with a DateTimeFormatter pattern.", syntax: "String dformat(long, String)",
    returns: "The formatted date.", returnType: STRING,
    example: `dformat(1571829875000, "yyyy-MM-dd'T'HH:mm:ss.SSSX")`, result: '"2019-10-23T11:24:35.000Z"',
    params: [["timestamp", "Milliseconds since the epoch.", LONG], ["format", "The pattern.", STRING]],
  },
  {
    fn: "date", description: "Parses a date string, with a pattern or by trying the recognised formats; text without a zone is read as UTC. The default is returned when the date is null, empty or unparsable.",
    syntax: "ZonedDateTime date(String, String, ZonedDateTime)", returns: "The date, or the default.", returnType: DATE,
    example: 'date("2019-10-23 11:24", "yyyy-MM-dd HH:mm", now())', result: '"2019-10-23T11:24:00Z"',
    params: [["date", "The text to parse.", STRING], ["format", "Optional. The pattern of the text.", STRING], ["defaultDate", "Optional. Returned instead of a missing or invalid date.", DATE]],
  },
  {
    fn: "date_part", description: "Reads one component of a date: year (yyyy, yy), quarter (qq, q), month (mm, m), dayofyear (dy, y), day (dd, d), week (ww, w; ISO week), weekday (dw; 1 = Monday), hour (hh, hh24), hh12, minute (mi, n), second (ss, s) or millisecond (SSS). Names are case-insensitive.",
    syntax: "Integer date_part(String, ZonedDateTime)", returns: "The component's value.", returnType: INTEGER,
    example: 'date_part("MM", date("2019-10-17 11:55:12"))', result: "10",
    params: [["component", "The component name.", STRING], DATE_PARAM],
  },
  {
    fn: "set_date_part", description: "Replaces the year, month, day, hour, minute or second of a date (same aliases as date_part).",
    syntax: "ZonedDateTime set_date_part(String, Integer, ZonedDateTime)", returns: "The changed date.", returnType: DATE,
    example: 'set_date_part("m", 4, date("2016-11-09T11:44:44.797"))', result: '"2016-04-09T11:44:44.797Z"',
    params: [["component", "The component name.", STRING], ["value", "The new value.", INTEGER], DATE_PARAM],
  },
  ...["make_date_time", "make_timestamp"].map((fn) => ({
    fn, description: "Builds a date from its parts in a time zone (UTC when omitted).",
    syntax: `ZonedDateTime ${fn}(Integer, Integer, Integer, Integer, Integer, Integer, Integer, String)`, returns: "The date.", returnType: DATE,
    example: `${fn}(2019, 10, 17, 11, 55, 12, 999, "America/Los_Angeles")`, result: '"2019-10-17T11:55:12.000000999-07:00"',
    params: [
      ["year", "Four-digit year.", INTEGER], ["month", "1 to 12.", INTEGER], ["day", "1 to 31.", INTEGER], ["hour", "0 to 23.", INTEGER],
      ["minute", "0 to 59.", INTEGER], ["second", "0 to 59.", INTEGER], ["nanosecond", "0 to 999999999.", INTEGER], ["timezone", "A zone id such as Europe/Paris.", STRING],
    ] as Param[],
  })),
  {
    fn: "zone_date_to_utc", description: "Expresses a date in UTC.", syntax: "ZonedDateTime zone_date_to_utc(ZonedDateTime)",
    returns: "The same instant in UTC.", returnType: DATE,
    example: 'zone_date_to_utc("2019-10-17T11:55:12 PST")', result: '"2019-10-17T19:55:12Z"', params: [DATE_PARAM],
  },
  {
    fn: "zone_date_to_zone", description: "Expresses a date in another time zone.", syntax: "ZonedDateTime zone_date_to_zone(ZonedDateTime, String)",
    returns: "The same instant in the zone.", returnType: DATE,
    example: 'zone_date_to_zone("2021-10-26T13:43:59Z", "Europe/Paris")', result: '"2021-10-26T15:43:59+02:00"',
    params: [DATE_PARAM, ["zone", "A zone id or offset.", STRING]],
  },
]);

const objects = category("Hierarchies - Objects", [
  {
    fn: "is_empty", description: "Tests whether a value is null or an empty string, array or object.", syntax: "boolean is_empty(Object)",
    returns: "true when empty.", returnType: BOOLEAN, example: "is_empty([1, null, 2, 3])", result: "false",
    params: [["input", "The value to test.", OBJECT]],
  },
  ...["arrays_to_object", "arrays_to_objects"].map((fn) => ({
    fn, description: "Zips pairs of key and array into a list of objects: object i holds the i-th element of every array under its key.",
    syntax: `List ${fn}(Object...)`, returns: "The list of objects.", returnType: LIST,
    example: `${fn}('sku', explode("id1|id2", '\\\\|'), 'price', [22.5, 14.35])`,
    result: '[{"sku":"id1","price":22.5},{"sku":"id2","price":14.35}]',
    params: [["input", "Key, array, key, array...", OBJECTS]] as Param[],
  })),
  {
    fn: "to_object", description: "Builds an object from a flat list of keys and values.", syntax: "Map to_object(Object...)",
    returns: "The object.", returnType: MAP, example: 'to_object("firstName", "John", "lastName", "Doe")', result: '{"firstName":"John","lastName":"Doe"}',
    params: [["input", "Key, value, key, value...", OBJECTS]],
  },
  {
    fn: "str_to_object", description: "Parses delimited key/value text into an object; keys and values are trimmed.",
    syntax: "Map str_to_object(String, String, String)", returns: "The object; use .get(key) to read one value.", returnType: MAP,
    example: 'str_to_object("firstName - John ; lastName - Doe ; phone - 123 456 7890", "-", ";")',
    result: '{"firstName":"John","lastName":"Doe","phone":"123 456 7890"}',
    params: [["input", "The text to parse.", STRING], ["valueDelimiter", "Optional. Between a key and its value (default \":\").", STRING], ["fieldDelimiter", "Optional. Between pairs (default \",\").", STRING]],
  },
  ...[
    ["contains_key", "Tests whether a source path exists in the record."],
    ["is_set", "Deprecated name of contains_key."],
  ].map(([fn, description]) => ({
    fn, description, syntax: `boolean ${fn}(String)`, returns: "true when the path is present.", returnType: BOOLEAN,
    example: `${fn}("evars.evar.field1")`, result: "true", params: [["path", "A source path, as in ATTRIBUTE mappings.", STRING]] as Param[],
  })),
  {
    fn: "nullify", description: "Produces null, so the destination is not written.", syntax: "Object nullify()", returns: "null.", returnType: OBJECT,
    example: "nullify()", result: "null",
  },
  {
    fn: "get_keys", description: "Lists the keys of an object.", syntax: "String[] get_keys(Map)", returns: "The keys in order.", returnType: LIST,
    example: 'get_keys({"book1": "Pride and Prejudice", "book2": "1984"})', result: '["book1","book2"]', params: [["object", "The object.", MAP]],
  },
  {
    fn: "get_values", description: "Parses delimited key/value text and returns the value of one key.", syntax: "String get_values(String, String, String, String)",
    returns: "The value, or null when the key is absent.", returnType: STRING,
    example: 'get_values("firstName - John , lastName - Cena , phone - 555 420 8692", "firstName", "-", ",")', result: '"John"',
    params: [["input", "The text to parse.", STRING], ["key", "The key to look up.", STRING], ["valueDelimiter", "Between a key and its value (\":\" when null or empty).", STRING], ["fieldDelimiter", "Optional. Between pairs (\",\" when null or empty).", STRING]],
  },
]);

const BOOK = '{"author": "George R. R. Martin", "price": 17.99, "ISBN": "ISBN-978-0553801477"}';
const BOOK2 = '{"author": "Neil Gaiman", "publisher": "William Morrow"}';
const ADDRESSES = '[{"type": "home", "city": "San Jose"}, {"type": "work", "city": "Austin"}]';
const ADDRESSES_BY_TYPE = '{"home":{"type":"home","city":"San Jose"},"work":{"type":"work","city":"Austin"}}';

const maps = category("Hierarchies - Map", [
  {
    fn: "map_get_values", description: "Looks up one key (giving its value) or an array of keys (giving the distinct values of those present) in a map.",
    syntax: "Object map_get_values(Map, Object)", returns: "The value or values.", returnType: OBJECT,
    example: `map_get_values(${BOOK}, "author")`, result: '"George R. R. Martin"',
    params: [["map", "The map.", MAP], ["key", "A key or an array of keys.", OBJECT]],
  },
  {
    fn: "map_has_keys", description: "Tests whether a map holds a key, or any key of an array.", syntax: "boolean map_has_keys(Map, Object)",
    returns: "true when a key is present.", returnType: BOOLEAN, example: `map_has_keys(${BOOK}, "author")`, result: "true",
    params: [["map", "The map.", MAP], ["key", "A key or an array of keys.", OBJECT]],
  },
  {
    fn: "add_to_map", description: "Merges maps in order; when a key repeats, its first value is kept.", syntax: "Map add_to_map(Map...)",
    returns: "The merged map.", returnType: MAP, example: `add_to_map(${BOOK}, ${BOOK2})`,
    result: '{"author":"George R. R. Martin","price":17.99,"ISBN":"ISBN-978-0553801477","publisher":"William Morrow"}',
    params: [["maps", "Two or more maps.", OBJECTS]],
  },
  {
    fn: "object_to_map", description: "Builds a map from key/value arguments, from an object, or from an array of objects keyed by one of their attributes.",
    syntax: "Map object_to_map(Object...)", returns: "The map, or null for a null object.", returnType: MAP,
    example: 'object_to_map("firstName", "John", "lastName", "Doe")', result: '{"firstName":"John","lastName":"Doe"}',
    params: [["input", "Key, value, ...; or an object; or an array of objects and the attribute to key by.", OBJECTS]],
  },
  {
    fn: "array_to_map", description: "Keys an array of objects by the value of one of their fields.", syntax: "Map array_to_map(Object[], String)",
    returns: "The map, or null for a null array.", returnType: MAP, example: `array_to_map(${ADDRESSES}, "type")`, result: ADDRESSES_BY_TYPE,
    params: [["inputs", "The objects.", OBJECTS], ["key", "The field whose value becomes the key.", STRING]],
  },
  {
    fn: "to_map", description: "Builds a map from a flat list of keys and values.", syntax: "Map to_map(Object...)", returns: "The map.", returnType: MAP,
    example: 'to_map("firstName", "John", "lastName", "Doe")', result: '{"firstName":"John","lastName":"Doe"}',
    params: [["input", "Key, value, key, value...", OBJECTS]],
  },
]);

const VALUES: Param = ["values", "One array, or several values.", OBJECTS];

const arrays = category("Hierarchies - Arrays", [
  {
    fn: "coalesce", description: "The first argument (or array element) that is not null.", syntax: "T coalesce(T...)",
    returns: "The first non-null value, or null.", returnType: OBJECT,
    example: 'coalesce(null, null, null, "first", null, "second")', result: '"first"', params: [VALUES],
  },
  {
    fn: "first", description: "The first argument, or the first element of one array.", syntax: "T first(T...)",
    returns: "The first element or null if the array is null or empty.", returnType: OBJECT, example: 'first("1", "2", "3")', result: '"1"', params: [VALUES],
  },
  {
    fn: "last", description: "The last argument, or the last element of one array.", syntax: "T last(T...)",
    returns: "The last element or null if the array is null or empty.", returnType: OBJECT, example: 'last("1", "2", "3")', result: '"3"', params: [VALUES],
  },
  {
    fn: "add_to_array", description: "Appends values to a copy of an array.", syntax: "List add_to_array(List, Object...)",
    returns: "The longer array.", returnType: LIST, example: "add_to_array(['a', 'b'], 'c', 'd')", result: '["a","b","c","d"]',
    params: [["array", "The array to extend.", LIST], ["values", "The values to append.", OBJECTS]],
  },
  {
    fn: "join_arrays", description: "Concatenates arrays.", syntax: "List join_arrays(List, Object...)",
    returns: "One array with every element.", returnType: LIST, example: "join_arrays(['a', 'b'], ['c'], ['d', 'e'])", result: '["a","b","c","d","e"]',
    params: [["array", "The first array.", LIST], ["values", "The arrays to append.", OBJECTS]],
  },
  {
    fn: "to_array", description: "Collects values into an array, keeping or dropping nulls.", syntax: "List to_array(boolean, Object...)",
    returns: "The array.", returnType: LIST, example: "to_array(false, 1, null, 2, 3)", result: "[1,2,3]",
    params: [["includeNulls", "Whether nulls are kept.", BOOLEAN], ["values", "The values.", OBJECTS]],
  },
  {
    fn: "size_of", description: "The number of elements of an array, keys of an object or characters of a string (0 for null).", syntax: "Integer size_of(Object)",
    returns: "The size.", returnType: INTEGER, example: "size_of([1, 2, 3, 4])", result: "4", params: [["input", "The value to measure.", OBJECT]],
  },
  {
    fn: "upsert_array_append", description: "Profile updates append the array to the stored one; on insert the array is used as is.", syntax: "List upsert_array_append(List)",
    returns: "The array.", returnType: LIST, example: "upsert_array_append([123, 456])", result: "[123,456]", params: [["array", "The array.", LIST]],
  },
  {
    fn: "upsert_array_replace", description: "Profile updates replace elements of the stored array; on insert the array is used as is.", syntax: "List upsert_array_replace(List)",
    returns: "The array.", returnType: LIST, example: "upsert_array_replace([123, 456], 1)", result: "[123,456]", params: [["array", "The array.", LIST]],
  },
  {
    fn: "array_to_string", description: "Flattens an array and joins the string forms of its elements (documented for destinations).", syntax: "String array_to_string(String, List)",
    returns: "The joined string.", returnType: STRING, example: 'array_to_string(";", ["Hello", "world"])', result: '"Hello;world"',
    params: [["separator", "Put between elements.", STRING], ["array", "The array.", LIST]],
  },
  {
    fn: "flattenArray", description: "Flattens nested arrays into one level (documented for destinations).", syntax: "List flattenArray(List)",
    returns: "The flat array.", returnType: LIST, example: "flattenArray([[['a', 'b'], ['c', 'd']], [['e'], ['f']]])", result: '["a","b","c","d","e","f"]',
    params: [["array", "The nested array.", LIST]],
  },
]);

const logical = category("Logical Operators", [
  {
    fn: "decode", description: "Looks a key up in a flat list of key/value pairs; an odd trailing value is the default.", syntax: "Object decode(Object, Object...)",
    returns: "The matching value, the default, or null.", returnType: OBJECT,
    example: 'decode("pa", "ca", "California", "pa", "Pennsylvania", "N/A")', result: '"Pennsylvania"',
    params: [["key", "The value to look up.", OBJECT], ["options", "Key, value, ..., [default].", OBJECTS]],
  },
  {
    fn: "iif", description: "Chooses between two values with a condition.", syntax: "Object iif(boolean, Object, Object)",
    returns: "The second argument when the condition holds, else the third.", returnType: OBJECT,
    example: 'iif("s".equalsIgnoreCase("S"), "True", "False")', result: '"True"',
    params: [["expression", "The condition.", BOOLEAN], ["trueValue", "Returned when true.", OBJECT], ["falseValue", "Returned when false.", OBJECT]],
  },
]);

const aggregation = category("Aggregation", [
  {
    fn: "min", description: "The smallest of comparable values (numbers, strings or dates); nulls are ignored.", syntax: "T min(T...)",
    returns: "The minimum.", returnType: OBJECT, example: "min(3, 1, 4)", result: "1", params: [VALUES],
  },
  {
    fn: "max", description: "The largest of comparable values (numbers, strings or dates); nulls are ignored.", syntax: "T max(T...)",
    returns: "The maximum.", returnType: OBJECT, example: "max(3, 1, 4)", result: "4", params: [VALUES],
  },
]);

const conversions = category("Type Conversions", [
  {
    fn: "to_bigint", description: "Converts numeric text to a whole number, dropping any fraction.", syntax: "BigInteger to_bigint(String)",
    returns: "The integer.", returnType: BIGINT, example: 'to_bigint("1000000.34")', result: "1000000", params: [["input", "The text to convert.", STRING]],
  },
  {
    fn: "to_decimal", description: "Converts numeric text to a double.", syntax: "Double to_decimal(String)",
    returns: "The number.", returnType: DOUBLE, example: 'to_decimal("20.5")', result: "20.5", params: [["input", "The text to convert.", STRING]],
  },
  {
    fn: "to_float", description: "Converts numeric text to a float.", syntax: "Float to_float(String)",
    returns: "The number.", returnType: FLOAT, example: 'to_float("12.3456")', result: "12.3456", params: [["input", "The text to convert.", STRING]],
  },
  {
    fn: "to_integer", description: "Converts numeric text to a 32-bit integer, dropping any fraction.", syntax: "Integer to_integer(String)",
    returns: "The integer.", returnType: INTEGER, example: 'to_integer("12")', result: "12", params: [["input", "The text to convert.", STRING]],
  },
]);

const json = category("JSON", [
  {
    fn: "json_to_object", description: "Parses JSON text into objects, arrays and values.", syntax: "Object json_to_object(String)",
    returns: "The parsed value.", returnType: OBJECT,
    example: `json_to_object('{"info":{"firstName":"John","lastName":"Doe"}}')`, result: '{"info":{"firstName":"John","lastName":"Doe"}}',
    params: [["input", "JSON text.", STRING]],
  },
]);

const special = category("Special Operations", [
  ...[
    ["uuid", "7c0267d2-bb74-4e1a-9275-3bf4fccda5f4"],
    ["guid", "c7016dc7-3163-43f7-afc7-2e1c9c206333"],
  ].map(([fn, sample]) => ({
    fn, description: "A random (version 4) UUID.", syntax: `String ${fn}()`, returns: "A new UUID string.", returnType: STRING,
    example: `${fn}()`, result: JSON.stringify(sample),
  })),
]);

const userAgent = category("User Agent", [
  ["ua_os_name", "the operating system name", '"iOS"'],
  ["ua_os_version_major", "the operating system name and major version", '"iOS 5"'],
  ["ua_os_version", "the operating system version", '"5.1.1"'],
  ["ua_os_name_version", "the operating system name and version", '"iOS 5.1.1"'],
  ["ua_agent_version", "the browser (agent) version", '"5.1"'],
  ["ua_agent_version_major", "the browser (agent) name and major version", '"Safari 5"'],
  ["ua_agent_name", "the browser (agent) name", '"Safari"'],
  ["ua_device_class", "the device class (Desktop, Phone, Tablet, TV, Robot...)", '"Phone"'],
].map(([fn, what, result]) => ({
  fn, description: `Reads ${what} from a user agent string.`, syntax: `String ${fn}(String)`,
  returns: `${what[0].toUpperCase()}${what.slice(1)}, or null when it cannot be determined.`, returnType: STRING,
  example: `${fn}("${IPHONE}")`, result, params: [["userAgent", "The User-Agent header value.", STRING]] as Param[],
})));

export const functionCatalogue: FunctionDoc[] = [
  ...string, ...regularExpression, ...hashing, ...url, ...dateTime, ...objects, ...maps, ...arrays,
  ...logical, ...aggregation, ...conversions, ...json, ...special, ...userAgent,
];

function operator(operatorSymbol: string, methodName: string, numberOfOperands: number, description: string, example: string): OperatorDoc {
  return { operatorSymbol, methodName, numberOfOperands, description, example };
}

export const operatorCatalogue: OperatorDoc[] = [
  operator("+", "add", 2, "Adds numbers; joins the operands as text when either one is a string.", "1 + 2"),
  operator("-", "subtract", 2, "Subtracts numbers.", "5 - 2"),
  operator("*", "multiply", 2, "Multiplies numbers.", "2 * 3"),
  operator("/", "divide", 2, "Divides numbers; two integers give a truncated integer, as in Java.", "1 / 2"),
  operator("div", "divide", 2, "Word form of /.", "7 div 2"),
  operator("%", "mod", 2, "Remainder of a division.", "7 % 3"),
  operator("mod", "mod", 2, "Word form of %.", "7 mod 3"),
  operator("-", "negate", 1, "Unary minus, for example -12.", "-12"),
  operator("~", "complement", 1, "Bitwise complement of an integer: ~33 is -34.", "~44"),
  operator("&", "bitwiseAnd", 2, "Bitwise AND of integers.", "12 & 10"),
  operator("|", "bitwiseOr", 2, "Bitwise OR of integers.", "12 | 10"),
  operator("^", "bitwiseXor", 2, "Bitwise exclusive OR of integers.", "12 ^ 10"),
  operator("==", "equals", 2, "Equality; numbers and numeric strings compare as numbers.", "a == b"),
  operator("eq", "equals", 2, "Word form of ==.", "a eq b"),
  operator("!=", "notEquals", 2, "Inequality.", "a != b"),
  operator("ne", "notEquals", 2, "Word form of !=.", "a ne b"),
  operator("<", "lessThan", 2, "Less than (numbers, strings or dates).", "a < b"),
  operator("lt", "lessThan", 2, "Word form of <.", "a lt b"),
  operator("<=", "lessThanOrEqual", 2, "Less than or equal.", "a <= b"),
  operator("le", "lessThanOrEqual", 2, "Word form of <=.", "a le b"),
  operator(">", "greaterThan", 2, "Greater than.", "a > b"),
  operator("gt", "greaterThan", 2, "Word form of >.", "a gt b"),
  operator(">=", "greaterThanOrEqual", 2, "Greater than or equal.", "a >= b"),
  operator("ge", "greaterThanOrEqual", 2, "Word form of >=.", "a ge b"),
  operator("&&", "and", 2, "Logical AND, evaluated lazily.", "cond1 && cond2"),
  operator("and", "and", 2, "Word form of &&.", "cond1 and cond2"),
  operator("||", "or", 2, "Logical OR, evaluated lazily.", "cond1 || cond2"),
  operator("or", "or", 2, "Word form of ||.", "cond1 or cond2"),
  operator("!", "not", 1, "Logical negation; !cond1 and not cond1 are equivalent.", "!cond1"),
  operator("not", "not", 1, "Word form of !.", "not cond1"),
  operator("=~", "matches", 2, "True when the left value is in the right array, or matches the right regular expression.", "x =~ [1, 2, 3]"),
  operator("!~", "notMatches", 2, "Negation of =~.", "x !~ '^a.*'"),
  operator("=^", "startsWith", 2, "True when the left string starts with the right one.", "name =^ 'Jo'"),
  operator("!^", "notStartsWith", 2, "Negation of =^.", "name !^ 'Jo'"),
  operator("=$", "endsWith", 2, "True when the left string ends with the right one.", "email =$ '.com'"),
  operator("!$", "notEndsWith", 2, "Negation of =$.", "email !$ '.com'"),
  operator("?:", "ternary", 3, "Conditional: the second operand when the first is true, else the third.", "cond ? a : b"),
  operator("?:", "elvis", 2, "The left operand when it is true (non-null, non-empty, non-zero), else the right one.", "x ?: 'default'"),
  operator("??", "nullCoalescing", 2, "The left operand unless it is null, else the right one.", "x ?? 'default'"),
  operator("empty", "empty", 1, "True for null and for empty strings, arrays and objects.", "empty(x)"),
  operator("size", "size", 1, "Length of a string, array or object.", "size(x)"),
];
