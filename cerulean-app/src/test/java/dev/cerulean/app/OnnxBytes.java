package dev.cerulean.app;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a tiny ONNX model as raw protobuf bytes (field numbers from onnx.proto; IR version 8, opset 13):
 * {@code Y = MatMul(X, W)} with X a float {@code [N, D]} input whose width is symbolic and W a
 * {@code [rows, 1]} initializer. With {@code rows} unlike the columns sent, every run fails inside ONNX
 * Runtime: a model that loads but cannot score.
 */
final class OnnxBytes {
    private OnnxBytes() {
    }

    static byte[] mismatched(int rows) {
        float[] weights = new float[rows];
        java.util.Arrays.fill(weights, 1f);
        byte[] w = tensor("W", new long[] {rows, 1}, weights);
        byte[] node = concat(str(1, "X"), str(1, "W"), str(2, "Y"), str(3, "matmul"), str(4, "MatMul"));
        byte[] graph = concat(msg(1, node), str(2, "broken"), msg(5, w), msg(11, valueInfo("X", "D")), msg(12, valueInfo("Y", null)));
        byte[] opset = concat(str(1, ""), varintField(2, 13));
        return concat(varintField(1, 8), str(2, "cerulean-test"), msg(7, graph), msg(8, opset));
    }

    private static byte[] tensor(String name, long[] dims, float[] data) {
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        for (float f : data) {
            int bits = Float.floatToIntBits(f);
            for (int i = 0; i < 4; i++) {
                packed.write((bits >>> (8 * i)) & 0xff);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (long dim : dims) {
            out.writeBytes(varintField(1, dim));
        }
        out.writeBytes(varintField(2, 1)); // FLOAT
        out.writeBytes(bytes(4, packed.toByteArray()));
        out.writeBytes(str(8, name));
        return out.toByteArray();
    }

    /** A float tensor [N, width]; a null width is 1, a text width is symbolic. */
    private static byte[] valueInfo(String name, String symbolicWidth) {
        byte[] cols = symbolicWidth == null ? varintField(1, 1) : str(2, symbolicWidth);
        byte[] shape = concat(msg(1, str(2, "N")), msg(1, cols));
        byte[] tensorType = concat(varintField(1, 1), msg(2, shape));
        return concat(str(1, name), msg(2, msg(1, tensorType)));
    }

    private static byte[] varint(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    private static byte[] varintField(int field, long v) {
        return concat(varint((long) field << 3), varint(v));
    }

    private static byte[] bytes(int field, byte[] b) {
        return concat(varint(((long) field << 3) | 2), varint(b.length), b);
    }

    private static byte[] str(int field, String s) {
        return bytes(field, s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] msg(int field, byte[] m) {
        return bytes(field, m);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
