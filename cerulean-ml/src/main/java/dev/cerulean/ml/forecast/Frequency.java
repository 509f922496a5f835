package dev.cerulean.ml.forecast;

import dev.cerulean.core.InvalidParameterException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The spacing of a regular time series: a calendar unit and a multiple ({@code 1 DAY}, {@code 3 MONTH}).
 * Month and year steps follow the calendar, keeping the day of month (or the month end, for series
 * stamped at month ends); the others are fixed durations. Times are microseconds since the epoch, UTC.
 *
 * @param unit     the calendar unit
 * @param multiple units per period, at least 1
 * @param monthEnd for month units: periods fall on the last day of the month
 */
public record Frequency(Unit unit, int multiple, boolean monthEnd) {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final Pattern ALIAS = Pattern.compile("^(\\d*)\\s*([A-Za-z]+)$");

    /** Calendar units. */
    public enum Unit {
        SECOND(1), MINUTE(60), HOUR(3600), DAY(86_400), WEEK(604_800), MONTH(0);

        private final long seconds;

        Unit(long seconds) {
            this.seconds = seconds;
        }
    }

    public Frequency {
        if (unit == null || multiple < 1) {
            throw new IllegalArgumentException("bad frequency " + multiple + " " + unit);
        }
        monthEnd = monthEnd && unit == Unit.MONTH;
    }

    /** One of a unit. */
    public static Frequency of(Unit unit, int multiple) {
        return new Frequency(unit, multiple, false);
    }

    /**
     * Parses a pandas offset alias: {@code s}/{@code S}, {@code min}/{@code T}, {@code h}/{@code H},
     * {@code D}, {@code W}, {@code MS} (month start) or {@code M}/{@code ME} (month end), {@code QS}/{@code Q},
     * {@code YS}/{@code AS}/{@code Y}/{@code A}, with an optional multiple ({@code 2D}, {@code 15min}).
     * Weekly anchors such as {@code W-SUN} are read as {@code W}.
     *
     * @throws InvalidParameterException naming {@code forecasting.frequency}
     */
    public static Frequency parse(String alias) {
        String a = alias == null ? "" : alias.strip();
        int dash = a.indexOf('-');
        if (dash > 0) {
            a = a.substring(0, dash);
        }
        Matcher m = ALIAS.matcher(a);
        if (!m.matches()) {
            throw bad(alias);
        }
        int mult = m.group(1).isEmpty() ? 1 : Integer.parseInt(m.group(1));
        if (mult < 1) {
            throw bad(alias);
        }
        String u = m.group(2);
        switch (u) {
            case "s": case "S":
                return of(Unit.SECOND, mult);
            case "min": case "T":
                return of(Unit.MINUTE, mult);
            case "h": case "H":
                return of(Unit.HOUR, mult);
            case "D": case "d":
                return of(Unit.DAY, mult);
            case "W": case "w":
                return of(Unit.WEEK, mult);
            case "MS":
                return new Frequency(Unit.MONTH, mult, false);
            case "M": case "ME":
                return new Frequency(Unit.MONTH, mult, true);
            case "QS":
                return new Frequency(Unit.MONTH, 3 * mult, false);
            case "Q": case "QE":
                return new Frequency(Unit.MONTH, 3 * mult, true);
            case "YS": case "AS":
                return new Frequency(Unit.MONTH, 12 * mult, false);
            case "Y": case "A": case "YE":
                return new Frequency(Unit.MONTH, 12 * mult, true);
            default:
                throw bad(alias);
        }
    }

    private static InvalidParameterException bad(String alias) {
        return new InvalidParameterException("forecasting.frequency '" + alias + "' is not a frequency; expected a pandas offset"
                + " alias such as D, W, MS, M, QS, YS, h, min or s, optionally with a multiple (2D)", "forecasting.frequency");
    }

    /** The pandas alias ({@code D}, {@code MS}, {@code 3h}, ...). */
    public String alias() {
        String p = multiple == 1 ? "" : Integer.toString(multiple);
        switch (unit) {
            case SECOND:
                return p + "s";
            case MINUTE:
                return p + "min";
            case HOUR:
                return p + "h";
            case DAY:
                return p + "D";
            case WEEK:
                return p + "W";
            default:
                String end = monthEnd ? "" : "S";
                if (multiple % 12 == 0) {
                    return (multiple == 12 ? "" : Integer.toString(multiple / 12)) + "Y" + end;
                }
                if (multiple % 3 == 0) {
                    return (multiple == 3 ? "" : Integer.toString(multiple / 3)) + "Q" + end;
                }
                return p + (monthEnd ? "M" : "MS");
        }
    }

    /** A reader's name: {@code daily}, {@code monthly}, {@code quarterly}, {@code every 2 days}, ... */
    public String description() {
        if (multiple == 1) {
            switch (unit) {
                case SECOND:
                    return "every second";
                case MINUTE:
                    return "every minute";
                case HOUR:
                    return "hourly";
                case DAY:
                    return "daily";
                case WEEK:
                    return "weekly";
                default:
                    return "monthly";
            }
        }
        if (unit == Unit.MONTH && multiple == 3) {
            return "quarterly";
        }
        if (unit == Unit.MONTH && multiple == 12) {
            return "yearly";
        }
        return "every " + multiple + " " + unit.name().toLowerCase(Locale.ROOT) + "s";
    }

    /**
     * The usual season length in periods: 60 for seconds and minutes (a minute / an hour), 24 for hours, 7 for
     * days, 52 for weeks, 12 for months, 4 for quarters, 1 otherwise (divided by the multiple where that is whole).
     */
    public int defaultSeasonality() {
        int base;
        switch (unit) {
            case SECOND:
            case MINUTE:
                base = 60;
                break;
            case HOUR:
                base = 24;
                break;
            case DAY:
                base = 7;
                break;
            case WEEK:
                base = 52;
                break;
            default:
                base = 12;
                break;
        }
        return base % multiple == 0 ? Math.max(1, base / multiple) : 1;
    }

    /** The time {@code k} periods after {@code micros} (before, for negative k). */
    public long add(long micros, long k) {
        if (unit != Unit.MONTH) {
            return micros + k * multiple * unit.seconds * MICROS_PER_SECOND;
        }
        LocalDateTime t = toLocal(micros);
        LocalDateTime r = t.plusMonths(k * multiple);
        if (monthEnd) {
            r = r.withDayOfMonth(r.toLocalDate().lengthOfMonth());
        }
        return r.toInstant(ZoneOffset.UTC).getEpochSecond() * MICROS_PER_SECOND + Math.floorMod(micros, MICROS_PER_SECOND);
    }

    /**
     * The number of periods from {@code from} to {@code to} when {@code to} lies on this frequency's grid
     * anchored at {@code from}; {@code Long.MIN_VALUE} when it does not.
     */
    public long steps(long from, long to) {
        if (unit != Unit.MONTH) {
            long step = multiple * unit.seconds * MICROS_PER_SECOND;
            long d = to - from;
            return d % step == 0 ? d / step : Long.MIN_VALUE;
        }
        LocalDateTime a = toLocal(from);
        LocalDateTime b = toLocal(to);
        long months = (b.getYear() * 12L + b.getMonthValue()) - (a.getYear() * 12L + a.getMonthValue());
        if (months % multiple != 0) {
            return Long.MIN_VALUE;
        }
        long k = months / multiple;
        return add(from, k) == to ? k : Long.MIN_VALUE;
    }

    private static LocalDateTime toLocal(long micros) {
        return LocalDateTime.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND), 0, ZoneOffset.UTC);
    }

    /**
     * Detects the frequency of series whose times are sorted and distinct.
     *
     * <p>Month-based spacing is tried first when the closest points are at least 28 days apart: every step
     * must be a whole number of calendar months (on the same day of month, or on month ends), and the
     * period is the most common step. Otherwise the period is the most common difference, in the largest
     * unit that divides it. Every difference must be a multiple of the period; larger multiples are
     * missing periods (gaps), which callers may fill.
     *
     * @param column the time column's name, for messages
     * @param series each series' sorted, distinct times
     * @throws InvalidParameterException naming the time column and the first timestamp off the detected grid,
     *                                   or saying that no series has two times
     */
    public static Frequency detect(String column, List<long[]> series) {
        long minDiff = Long.MAX_VALUE;
        for (long[] t : series) {
            for (int i = 1; i < t.length; i++) {
                minDiff = Math.min(minDiff, t[i] - t[i - 1]);
            }
        }
        if (minDiff == Long.MAX_VALUE) {
            throw new InvalidParameterException("cannot detect the frequency of time column '" + column
                    + "': no series has two distinct times; set forecasting.frequency", "forecasting.time_column_name");
        }
        if (minDiff >= 28L * 86_400 * MICROS_PER_SECOND) {
            for (boolean end : new boolean[] {false, true}) {
                Frequency f = monthly(series, end);
                if (f != null) {
                    return f;
                }
            }
        }
        Map<Long, Integer> counts = new HashMap<>();
        for (long[] t : series) {
            for (int i = 1; i < t.length; i++) {
                counts.merge(t[i] - t[i - 1], 1, Integer::sum);
            }
        }
        long mode = mode(counts);
        Frequency f = fixed(mode);
        if (f == null) {
            throw new InvalidParameterException("time column '" + column + "' is irregular: its most common spacing ("
                    + mode + " µs) is not a whole number of seconds; set forecasting.frequency", "forecasting.time_column_name");
        }
        checkGrid(column, series, f);
        return f;
    }

    private static Frequency monthly(List<long[]> series, boolean end) {
        Frequency one = new Frequency(Unit.MONTH, 1, end);
        Map<Long, Integer> counts = new HashMap<>();
        for (long[] t : series) {
            for (int i = 1; i < t.length; i++) {
                long k = one.steps(t[i - 1], t[i]);
                if (k == Long.MIN_VALUE) {
                    return null;
                }
                counts.merge(k, 1, Integer::sum);
            }
        }
        long mode = mode(counts);
        for (long k : counts.keySet()) {
            if (k % mode != 0) {
                return null;
            }
        }
        return new Frequency(Unit.MONTH, (int) mode, end);
    }

    private static long mode(Map<Long, Integer> counts) {
        long best = 0;
        int bestCount = -1;
        for (Map.Entry<Long, Integer> e : counts.entrySet()) {
            // The smaller spacing wins ties: a series with every other period missing is still that frequency.
            if (e.getValue() > bestCount || e.getValue() == bestCount && e.getKey() < best) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }

    private static Frequency fixed(long micros) {
        if (micros <= 0 || micros % MICROS_PER_SECOND != 0) {
            return null;
        }
        long s = micros / MICROS_PER_SECOND;
        for (Unit u : new Unit[] {Unit.WEEK, Unit.DAY, Unit.HOUR, Unit.MINUTE, Unit.SECOND}) {
            if (s % u.seconds == 0 && s / u.seconds <= Integer.MAX_VALUE) {
                return of(u, (int) (s / u.seconds));
            }
        }
        return null;
    }

    /**
     * Checks every time of every series lies on this frequency's grid anchored at the series' first time.
     *
     * @throws InvalidParameterException naming the column and the first time off the grid
     */
    public void checkGrid(String column, List<long[]> series) {
        checkGrid(column, series, this);
    }

    private static void checkGrid(String column, List<long[]> series, Frequency f) {
        for (long[] t : series) {
            for (int i = 1; i < t.length; i++) {
                if (f.steps(t[0], t[i]) == Long.MIN_VALUE) {
                    throw new InvalidParameterException("time column '" + column + "' is irregular: " + Instant.ofEpochSecond(
                            Math.floorDiv(t[i], MICROS_PER_SECOND)) + " (after " + Instant.ofEpochSecond(Math.floorDiv(t[i - 1],
                            MICROS_PER_SECOND)) + ") is not on the " + f.description() + " (" + f.alias() + ") grid of its series",
                            "forecasting.time_column_name");
                }
            }
        }
    }
}
