package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cerulean.core.InvalidParameterException;

/** {@code --set a.b.c=value}: overrides a field of a spec, the value read as YAML (so numbers stay numbers). */
final class Overrides {
    private static final YAMLMapper YAML = new YAMLMapper();

    private Overrides() {
    }

    static void set(ObjectNode spec, String path, String value) {
        String[] parts = path.split("\\.");
        ObjectNode node = spec;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || child.isNull()) {
                node = node.putObject(parts[i]);
            } else if (child.isObject()) {
                node = (ObjectNode) child;
            } else {
                // A literal input written as a scalar becomes {value: ...} when a sub-field is set.
                if (!parts[i + 1].equals("value") && !parts[i + 1].equals("default")) {
                    throw new InvalidParameterException("--set " + path + ": '" + String.join(".", java.util.Arrays.copyOf(parts, i + 1))
                            + "' is a " + child.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ", not a mapping", "set");
                }
                node.set(parts[i], spec.objectNode().put("value", child.asText()));
                node = (ObjectNode) node.get(parts[i]);
            }
        }
        String last = parts[parts.length - 1];
        if (last.isEmpty()) {
            throw new InvalidParameterException("--set needs PATH=VALUE, got '" + path + "='", "set");
        }
        node.set(last, parse(value));
    }

    private static JsonNode parse(String value) {
        try {
            JsonNode n = YAML.readTree(value);
            return n == null || n.isMissingNode() ? TextNode.valueOf(value) : n;
        } catch (java.io.IOException e) {
            return TextNode.valueOf(value);
        }
    }
}
