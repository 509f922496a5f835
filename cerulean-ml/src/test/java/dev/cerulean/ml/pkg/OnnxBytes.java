package dev.cerulean.ml.pkg;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a tiny valid ONNX model as raw protobuf bytes (no ONNX library needed): Y = MatMul(X, W) with X
 * a float [N, d] input and W a [d, 1] initializer. Field numbers are from onnx.proto (IR version 8,
 * opset 13).
 */
final class OnnxBytes {
    private OnnxBytes() {
    }

    static byte[] linear(float[] weights) {
        int d = weights.length;
        byte[] w = tensor("W", new long[] {d, 1}, weights);
        byte[] node = concat(str(1, "X"), str(1, "W"), str(2, "Y"), str(3, "matmul"), str(4, "MatMul"));
        byte[] graph = concat(msg(1, node), str(2, "linear"), msg(5, w), msg(11, valueInfo("X", -1, d)), msg(12, valueInfo("Y", -1, 1)));
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

    private static byte[] valueInfo(String name, long rows, long cols) {
        byte[] dimRows = rows < 0 ? str(2, "N") : varintField(1, rows);
        byte[] shape = concat(msg(1, dimRows), msg(1, varintField(1, cols)));
        byte[] tensorType = concat(varintField(1, 1), msg(2, shape));
        byte[] type = msg(1, tensorType);
        return concat(str(1, name), msg(2, type));
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
