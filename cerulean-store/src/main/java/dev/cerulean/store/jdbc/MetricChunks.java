package dev.cerulean.store.jdbc;

import dev.cerulean.core.StoreException;
import dev.cerulean.core.tracking.Metric;
import java.nio.ByteBuffer;
import java.util.List;

/** The packing of metric points in {@code metric_chunks.points}: (step, timestamp, value) as three big-endian 8-byte numbers each. */
final class MetricChunks {
    static final int POINT_BYTES = 24;

    private MetricChunks() {
    }

    static byte[] encode(List<Metric> points) {
        ByteBuffer b = ByteBuffer.allocate(points.size() * POINT_BYTES);
        for (Metric m : points) {
            b.putLong(m.step()).putLong(m.timestamp()).putDouble(m.value());
        }
        return b.array();
    }

    static void decode(String key, byte[] bytes, List<Metric> into) {
        if (bytes.length % POINT_BYTES != 0) {
            throw new StoreException("a chunk of metric '" + key + "' has " + bytes.length + " bytes, not a multiple of " + POINT_BYTES, null);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            long step = b.getLong();
            long ts = b.getLong();
            into.add(new Metric(key, b.getDouble(), ts, step));
        }
    }
}
