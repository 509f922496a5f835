package dev.cerulean.serving.batch;

import dev.cerulean.ml.frame.Frame;
import java.util.List;

/** A table read a chunk of rows at a time. */
interface Chunks extends AutoCloseable {
    List<String> columns();

    /** The next chunk of at most {@code max} rows, or null at the end. */
    Frame next(int max);

    /** Reads to the end without keeping anything; returns how many rows were passed. */
    long skipRest();

    @Override
    void close();

    /** Chunks of a frame already in memory. */
    static Chunks of(Frame frame) {
        return new Chunks() {
            private int at;

            @Override
            public List<String> columns() {
                return frame.names();
            }

            @Override
            public Frame next(int max) {
                if (at >= frame.rowCount()) {
                    return null;
                }
                int n = Math.min(max, frame.rowCount() - at);
                Frame f = at == 0 && n == frame.rowCount() ? frame : frame.take(range(at, at + n));
                at += n;
                return f;
            }

            @Override
            public long skipRest() {
                long n = frame.rowCount() - at;
                at = frame.rowCount();
                return n;
            }

            @Override
            public void close() {
            }
        };
    }

    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
