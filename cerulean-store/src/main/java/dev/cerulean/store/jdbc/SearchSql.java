package dev.cerulean.store.jdbc;

import dev.cerulean.core.tracking.SearchFilter.Clause;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.statement.Query;

/**
 * A search query under construction, and the one place where a parsed filter clause becomes SQL, for
 * every search: runs, experiments, registered models and model versions.
 *
 * <p>Clauses on tags and params follow MLflow's SQL stores ({@code mlflow/store/tracking/sqlalchemy_store.py},
 * {@code mlflow/store/model_registry/sqlalchemy_store.py}): the entity must have the key, and its value must
 * satisfy the comparison, so {@code tags.x != 'v'}, {@code LIKE} and {@code NOT IN} never match an entity
 * without {@code x}. Only {@code IS NULL} matches an absent key. (The registry's one exception, the prompt
 * tag, is a rule about which clauses apply, kept in {@link JdbcRegistryStore}.)
 *
 * <p>Joins and conditions are collected in separate sections, each with its own arguments, so that
 * arguments follow the order of their placeholders in the final text.
 */
final class SearchSql {
    /**
     * A key–value child table of the searched entity (tags, params).
     *
     * @param table       the table
     * @param keyColumn   its key column
     * @param valueColumn its value column
     * @param link        the condition tying a row under the given alias to the searched row, e.g.
     *                    {@code a -> a + ".run_pk = r.run_pk"}
     */
    record KeyValues(String table, String keyColumn, String valueColumn, UnaryOperator<String> link) {
    }

    private final StringBuilder joins = new StringBuilder();
    private final List<Object> joinArgs = new ArrayList<>();
    private final StringBuilder where = new StringBuilder();
    private final List<Object> whereArgs = new ArrayList<>();
    private boolean joining;

    /** Adds a condition that every row must meet. Placeholders in it must have been bound (outside a join) just before. */
    void and(String condition) {
        where.append(where.length() == 0 ? " WHERE " : " AND ").append(condition);
    }

    /** Appends a join; placeholders bound while {@code body} runs belong to it. */
    void join(Runnable body) {
        joining = true;
        try {
            body.run();
        } finally {
            joining = false;
        }
    }

    /** The join section, to append to inside {@link #join}. */
    StringBuilder joinText() {
        return joins;
    }

    String bind(Object v) {
        (joining ? joinArgs : whereArgs).add(v);
        return "?";
    }

    String bindAll(List<?> vs) {
        (joining ? joinArgs : whereArgs).addAll(vs);
        return String.join(", ", Collections.nCopies(vs.size(), "?"));
    }

    /**
     * A clause on a key–value child table, under a fresh alias: a join on the key and the value
     * comparison, or, for {@code IS NULL}, the absence of the key.
     */
    void keyValue(KeyValues t, String alias, Clause c) {
        if (c.op().equals("IS NULL")) {
            and("NOT EXISTS (SELECT 1 FROM " + t.table() + " " + alias + " WHERE " + t.link().apply(alias) + " AND " + alias + "."
                    + t.keyColumn() + " = " + bind(c.key()) + ")");
            return;
        }
        // A key appears at most once per entity, so the join adds no rows, and the optimizer may reorder it.
        join(() -> {
            joins.append(" JOIN ").append(t.table()).append(' ').append(alias).append(" ON ").append(t.link().apply(alias))
                    .append(" AND ").append(alias).append('.').append(t.keyColumn()).append(" = ").append(bind(c.key()));
            if (!c.op().equals("IS NOT NULL")) {
                joins.append(" AND ").append(compare(alias + "." + t.valueColumn(), c));
            }
        });
    }

    /** The comparison of a column with a clause's value; a whole number is bound as a long, for integer columns. */
    String compare(String column, Clause c) {
        Object v = c.value();
        return switch (c.op()) {
            case "ILIKE" -> "LOWER(" + column + ") LIKE LOWER(" + bind(v) + ")";
            case "IN", "NOT IN" -> column + " " + c.op() + " (" + bindAll((List<?>) v) + ")";
            case "IS NULL", "IS NOT NULL" -> column + " " + c.op();
            default -> column + " " + c.op() + " " + bind(v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)
                    ? (Object) d.longValue() : v);
        };
    }

    /** The full text: the select, the joins, the conditions, then the rest (order, limit). */
    String render(String select, String rest) {
        return select + joins + where + rest;
    }

    Query bindTo(Query q) {
        List<Object> all = new ArrayList<>(joinArgs);
        all.addAll(whereArgs);
        for (int i = 0; i < all.size(); i++) {
            q.bind(i, all.get(i));
        }
        return q;
    }
}
