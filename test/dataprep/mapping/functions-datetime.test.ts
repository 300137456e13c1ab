import { describe, expect, it } from "vitest";
import { failure, value } from "./helpers.js";

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

describe("current time", () => {
  it("now() is the current UTC date-time", () => {
    const before = Date.now();
    const now = value("now()") as string;
    const after = Date.now();
    expect(now).toMatch(ISO_UTC);
    expect(Date.parse(now)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(now)).toBeLessThanOrEqual(after + 1);
  });

  it("timestamp() is the current Unix time in milliseconds", () => {
    const before = Date.now();
    const stamp = value("timestamp()") as number;
    expect(Number.isInteger(stamp)).toBe(true);
    expect(stamp).toBeGreaterThanOrEqual(before);
    expect(stamp).toBeLessThanOrEqual(Date.now());
  });
});

describe("format and dformat", () => {
  it("format renders a date with a pattern", () => {
    expect(value('format(date("2019-10-23T11:24:00+00:00"), "yyyy-MM-dd HH:mm:ss")')).toBe("2019-10-23 11:24:00");
  });

  it("dformat renders epoch milliseconds in UTC as documented", () => {
    expect(value(`dformat(1571829875000, "yyyy-MM-dd'T'HH:mm:ss.SSSX")`)).toBe("2019-10-23T11:24:35.000Z");
  });

  it("format keeps the date's own zone and offset", () => {
    const date = 'date("2019-10-17T11:55:12.5-07:00")';
    expect(value(`format(${date}, "yyyy-MM-dd'T'HH:mm:ss.SSSXXX")`)).toBe("2019-10-17T11:55:12.500-07:00");
    expect(value(`format(${date}, "Z xx X")`)).toBe("-0700 -0700 -07");
    expect(value(`format(zone_date_to_zone(${date}, "America/Los_Angeles"), "VV z O")`)).toBe("America/Los_Angeles PDT GMT-7");
  });

  it("format supports text fields, 12-hour clocks, quarters and quoted literals", () => {
    const date = 'date("2019-10-17T15:05:09Z")';
    expect(value(`format(${date}, "EEEE, MMMM d, yyyy h:mm a")`)).toBe("Thursday, October 17, 2019 3:05 PM");
    expect(value(`format(${date}, "EEE dd MMM yy")`)).toBe("Thu 17 Oct 19");
    expect(value(`format(${date}, "QQQ 'at' HH 'o''clock' D")`)).toBe("Q4 at 15 o'clock 290");
    expect(value(`format(${date}, "G u w")`)).toBe("AD 4 42");
  });

  it("format accepts an epoch number or date text instead of a date", () => {
    expect(value('format(1571829875000, "yyyy-MM-dd")')).toBe("2019-10-23");
    expect(value('format("2019-10-23", "dd/MM/yyyy")')).toBe("23/10/2019");
  });

  it("reject patterns with unknown letters or unbalanced quotes", () => {
    expect(failure('format(now(), "yyyy-bb")').error).toMatch(/unknown pattern letter 'b'/);
    expect(failure(`format(now(), "yyyy 'oops")`).error).toMatch(/unterminated/);
  });
});

describe("date", () => {
  it("parses with a pattern, reading text without a zone as UTC", () => {
    expect(value('date("2019-10-23 11:24", "yyyy-MM-dd HH:mm", now())')).toBe("2019-10-23T11:24:00Z");
    expect(value('date("2019-10-23 11:24", "yyyy-MM-dd HH:mm")')).toBe("2019-10-23T11:24:00Z");
  });

  it("parses ISO-like text without a pattern", () => {
    expect(value('date("2019-10-23 11:24")')).toBe("2019-10-23T11:24:00Z");
    expect(value('date("2016-11-09T11:44:44.797")')).toBe("2016-11-09T11:44:44.797Z");
    expect(value('date("2019-10-23T11:24:00+02:00")')).toBe("2019-10-23T11:24:00+02:00");
    expect(value('date("2020-09-23T10:10:24.556-07:00[America/Los_Angeles]")')).toBe("2020-09-23T10:10:24.556-07:00");
  });

  it("tries the documented fallback formats in order", () => {
    expect(value('date("10-23-2019")')).toBe("2019-10-23T00:00:00Z");
    expect(value('date("23-Oct-2019")')).toBe("2019-10-23T00:00:00Z");
    expect(value('date("20191023")')).toBe("2019-10-23T00:00:00Z");
    expect(value('date("10/23/2019 01:24:00 PM")')).toBe("2019-10-23T13:24:00Z");
    expect(value('date("2019-10-23 11:24:00+0100")')).toBe("2019-10-23T11:24:00+01:00");
  });

  it("returns the default for null, empty or unparsable text", () => {
    const fallback = 'date("2000-01-01")';
    expect(value(`date(missing, "yyyy", ${fallback})`)).toBe("2000-01-01T00:00:00Z");
    expect(value(`date("", "yyyy", ${fallback})`)).toBe("2000-01-01T00:00:00Z");
    expect(value(`date("garbage", "yyyy-MM-dd", ${fallback})`)).toBe("2000-01-01T00:00:00Z");
    expect(value("date(missing)")).toBeNull();
  });

  it("fails on text that does not fit the pattern when there is no default", () => {
    expect(failure('date("2019/10/23", "yyyy-MM-dd")').error).toMatch(/could not be parsed/);
    expect(failure('date("2019-02-30", "yyyy-MM-dd")').error).toMatch(/invalid day/);
    expect(failure('date("not a date")').error).toMatch(/Cannot parse/);
  });

  it("reads zone ids, offsets and names through pattern letters", () => {
    expect(value('date("2019-10-17 11:55 Europe/Paris", "yyyy-MM-dd HH:mm VV")')).toBe("2019-10-17T11:55:00+02:00");
    expect(value('date("17.10.2019 11:55 -0330", "dd.MM.yyyy HH:mm Z")')).toBe("2019-10-17T11:55:00-03:30");
    expect(value('date("Thursday 17 October 2019", "EEEE d MMMM yyyy")')).toBe("2019-10-17T00:00:00Z");
  });
});

describe("date_part and set_date_part", () => {
  const date = 'date("2019-10-17 11:55:12.345")';

  it("date_part reads the documented components, case-insensitively", () => {
    expect(value('date_part("MM", date("2019-10-17 11:55:12"))')).toBe(10);
    const parts: Record<string, number> = {
      year: 2019, yy: 2019, quarter: 4, q: 4, month: 10, m: 10, dayofyear: 290, dy: 290, day: 17, d: 17,
      week: 42, ww: 42, weekday: 4, dw: 4, hour: 11, hh24: 11, hh12: 11, minute: 55, mi: 55, n: 55,
      second: 12, ss: 12, millisecond: 345, SSS: 345,
    };
    for (const [component, expected] of Object.entries(parts)) {
      expect(value(`date_part("${component}", ${date})`), component).toBe(expected);
    }
    expect(value('date_part("hh12", date("2019-10-17 23:00"))')).toBe(11);
  });

  it("date_part rejects unknown components", () => {
    expect(failure(`date_part("fortnight", ${date})`).error).toMatch(/Unknown date component/);
  });

  it("set_date_part replaces a component and keeps the rest of the date", () => {
    const changed = 'set_date_part("m", 4, date("2016-11-09T11:44:44.797"))';
    expect(value(`format(${changed}, "yyyy-MM-dd'T'HH:mm:ssX")`)).toBe("2016-04-09T11:44:44Z");
    expect(value(changed)).toBe("2016-04-09T11:44:44.797Z");
    expect(value('set_date_part("hour", 23, date("2016-11-09T11:44:44Z"))')).toBe("2016-11-09T23:44:44Z");
  });

  it("set_date_part clips the day when the new month is shorter, and rejects out-of-range values", () => {
    expect(value('set_date_part("month", 2, date("2020-01-31"))')).toBe("2020-02-29T00:00:00Z");
    expect(failure('set_date_part("month", 13, date("2020-01-31"))').error).toMatch(/between 1 and 12/);
    expect(failure('set_date_part("quarter", 1, date("2020-01-31"))').error).toMatch(/cannot set/);
  });
});

describe("make_date_time and zone conversions", () => {
  it("make_date_time builds a date in a time zone", () => {
    const made = 'make_date_time(2019, 10, 17, 11, 55, 12, 999, "America/Los_Angeles")';
    expect(value(`format(${made}, "yyyy-MM-dd'T'HH:mm:ss")`)).toBe("2019-10-17T11:55:12");
    expect(value(made)).toBe("2019-10-17T11:55:12.000000999-07:00");
    expect(value('make_timestamp(2019, 1, 17, 11, 55, 12, 0, "Europe/Paris")')).toBe("2019-01-17T11:55:12+01:00");
  });

  it("make_date_time validates its parts and its zone", () => {
    expect(failure('make_date_time(2019, 2, 30, 0, 0, 0, 0, "UTC")').error).toMatch(/day must be between 1 and 28/);
    expect(failure('make_date_time(2019, 1, 1, 0, 0, 0, 0, "Mars/Olympus")').error).toMatch(/Unknown time zone/);
  });

  it("zone_date_to_utc expresses a date in UTC", () => {
    expect(value('zone_date_to_utc("2019-10-17T11:55:12 PST")')).toBe("2019-10-17T19:55:12Z");
    expect(value('zone_date_to_utc(make_date_time(2019, 10, 17, 11, 55, 12, 0, "America/Los_Angeles"))')).toBe("2019-10-17T18:55:12Z");
  });

  it("zone_date_to_zone expresses the same instant in another zone, following daylight saving time", () => {
    expect(value('zone_date_to_zone(date("2021-10-26T13:43:59Z"), "Europe/Paris")')).toBe("2021-10-26T15:43:59+02:00");
    expect(value('zone_date_to_zone(date("2021-12-26T13:43:59Z"), "Europe/Paris")')).toBe("2021-12-26T14:43:59+01:00");
    expect(value('zone_date_to_zone(date("2021-12-26T13:43:59Z"), "+05:30")')).toBe("2021-12-26T19:13:59+05:30");
    expect(failure('zone_date_to_zone(now(), "Nowhere/Land")').error).toMatch(/Unknown time zone/);
  });

  it("date values compare by instant", () => {
    expect(value('date("2019-10-17T12:00:00+02:00") == date("2019-10-17T10:00:00Z")')).toBe(true);
    expect(value('date("2019-10-17") < date("2019-10-18")')).toBe(true);
  });
});
