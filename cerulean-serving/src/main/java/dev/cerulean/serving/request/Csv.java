package dev.cerulean.serving.request;

import dev.cerulean.core.InvalidParameterException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV for scoring requests: a header row of column names, then rows. Quoted fields may hold
 * commas, quotes ({@code ""}) and line breaks; an empty field is missing. Values stay strings and
 * are converted by the signature's kinds, so {@code 39} in a numeric column is the number 39.
 */
final class Csv {
    private Csv() {
    }

    static ScoringInput parse(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidParameterException("the CSV body is not UTF-8 text", "body");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> records = records(text);
        if (records.isEmpty()) {
            throw new InvalidParameterException("the CSV body is empty; send a header row of column names, then rows", "body");
        }
        List<String> header = records.get(0);
        List<String> columns = new ArrayList<>(header.size());
        for (int i = 0; i < header.size(); i++) {
            String h = header.get(i) == null ? "" : header.get(i).strip();
            if (h.isEmpty()) {
                throw new InvalidParameterException("the CSV header's column " + (i + 1) + " has no name", "body");
            }
            columns.add(h);
        }
        List<Object[]> rows = new ArrayList<>(records.size() - 1);
        for (int r = 1; r < records.size(); r++) {
            List<String> rec = records.get(r);
            if (rec.size() != columns.size()) {
                throw new InvalidParameterException("CSV line " + (r + 1) + " has " + rec.size() + " fields but the header has "
                        + columns.size(), "body");
            }
            rows.add(rec.toArray());
        }
        return new ScoringInput(columns, rows, null);
    }

    /** The records of a CSV text; a blank line at the end is ignored. */
    private static List<List<String>> records(String s) {
        List<List<String>> out = new ArrayList<>();
        List<String> rec = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        int line = 1;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < n && s.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = false;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
                i++;
                continue;
            }
            if (c == '"') {
                if (field.length() > 0) {
                    throw new InvalidParameterException("CSV line " + line + ": a quote inside an unquoted field", "body");
                }
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                rec.add(value(field, wasQuoted));
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\r' || c == '\n') {
                rec.add(value(field, wasQuoted));
                field.setLength(0);
                wasQuoted = false;
                if (!(rec.size() == 1 && rec.get(0) == null)) {
                    out.add(rec);
                }
                rec = new ArrayList<>();
                if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') {
                    i++;
                }
                line++;
            } else {
                if (wasQuoted) {
                    throw new InvalidParameterException("CSV line " + line + ": text after a closing quote", "body");
                }
                field.append(c);
            }
            i++;
        }
        if (quoted) {
            throw new InvalidParameterException("CSV line " + line + ": a quoted field is not closed", "body");
        }
        if (field.length() > 0 || wasQuoted || !rec.isEmpty()) {
            rec.add(value(field, wasQuoted));
            out.add(rec);
        }
        return out;
    }

    private static String value(StringBuilder field, boolean quoted) {
        return field.length() == 0 && !quoted ? null : field.toString();
    }
}
