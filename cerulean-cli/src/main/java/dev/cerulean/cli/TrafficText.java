package dev.cerulean.cli;

import dev.cerulean.core.InvalidParameterException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Traffic splits as the Azure CLI writes them: {@code "blue=90 green=10"} (spaces or commas between). */
final class TrafficText {
    private TrafficText() {
    }

    /**
     * @param option the option the text came from, for errors
     * @throws InvalidParameterException naming the option and the part that is not {@code NAME=PERCENT}
     */
    static Map<String, Integer> parse(String option, String text) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String part : text.strip().split("[\\s,]+")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new InvalidParameterException(option + ": '" + part + "' is not NAME=PERCENT (e.g. \"blue=90 green=10\")", option);
            }
            try {
                m.put(part.substring(0, eq), Integer.parseInt(part.substring(eq + 1)));
            } catch (NumberFormatException e) {
                throw new InvalidParameterException(option + ": '" + part.substring(eq + 1) + "' is not a whole percentage", option);
            }
        }
        return m;
    }

    /** {@code blue=90 green=10}, or {@code none}. */
    static String format(Map<String, Integer> traffic) {
        List<String> parts = new ArrayList<>();
        traffic.forEach((name, percent) -> parts.add(name + "=" + percent));
        return parts.isEmpty() ? "none" : String.join(" ", parts);
    }
}
