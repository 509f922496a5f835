package dev.cerulean.ml.pkg;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.feature.FeatureMatrix;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.ModelSignature;
import dev.cerulean.ml.model.Predictions;
import dev.cerulean.ml.natives.NativeLibraries;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model scored with ONNX Runtime (CPU). The model must take one 2-D numeric tensor (rows ×
 * features, float or double): the signature's input columns, in order. Outputs: a single tensor of
 * shape [n] or [n, 1] is a regression value; [n, K] with K &gt;= 2 are class probabilities; a label
 * tensor plus a [n, K] probability tensor (scikit-learn converters with {@code zipmap=False}) is a
 * classifier whose probabilities are used. Sequence-of-map outputs are not supported.
 */
final class OnnxModel implements Model, AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String inputName;
    private final boolean doubleInput;
    private final String outputName;
    private final Task task;
    private final List<String> classes;
    private final ModelSignature signature;

    OnnxModel(byte[] bytes, ModelSignature declared) {
        try {
            NativeLibraries.onnxRuntime();
            env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
            // One intra-op thread: requests are scored concurrently by the server's threads already.
            opts.setIntraOpNumThreads(1);
            session = env.createSession(bytes, opts);
            if (session.getNumInputs() != 1) {
                throw new InvalidParameterException("the ONNX model has " + session.getNumInputs()
                        + " inputs; only models with one 2-D feature tensor are supported", "model");
            }
            Map.Entry<String, NodeInfo> in = session.getInputInfo().entrySet().iterator().next();
            inputName = in.getKey();
            TensorInfo ti = tensor(in.getValue(), "input");
            doubleInput = ti.type == OnnxJavaType.DOUBLE;
            if (!doubleInput && ti.type != OnnxJavaType.FLOAT) {
                throw new InvalidParameterException("the ONNX model's input '" + inputName + "' is " + ti.type
                        + "; only float and double inputs are supported", "model");
            }
            long[] shape = ti.getShape();
            int width = shape.length == 2 && shape[1] > 0 ? (int) shape[1] : -1;
            // Pick the output: a probability matrix if there is one, else the first tensor.
            String chosen = null;
            int outWidth = 1;
            for (Map.Entry<String, NodeInfo> e : session.getOutputInfo().entrySet()) {
                if (!(e.getValue().getInfo() instanceof TensorInfo oi)) {
                    continue;
                }
                if (oi.type != OnnxJavaType.FLOAT && oi.type != OnnxJavaType.DOUBLE) {
                    continue;
                }
                long[] s = oi.getShape();
                int w = s.length == 2 ? (int) s[1] : 1;
                if (chosen == null || w > outWidth) {
                    chosen = e.getKey();
                    outWidth = w;
                }
            }
            if (chosen == null) {
                throw new InvalidParameterException("the ONNX model has no float tensor output", "model");
            }
            outputName = chosen;
            task = outWidth <= 1 ? Task.REGRESSION : outWidth == 2 ? Task.BINARY : Task.MULTICLASS;
            List<String> c = new ArrayList<>();
            for (int k = 0; k < (outWidth <= 1 ? 0 : outWidth); k++) {
                c.add(Integer.toString(k));
            }
            classes = List.copyOf(c);
            List<ModelSignature.ColumnSpec> inputs = declared != null ? declared.inputs() : defaultInputs(width);
            if (width > 0 && inputs.size() != width) {
                throw new InvalidParameterException("the signature has " + inputs.size() + " input columns but the ONNX model takes "
                        + width + " features", "signature.inputs");
            }
            signature = new ModelSignature(inputs, ModelSignature.outputs(task == Task.REGRESSION, true, classes));
        } catch (OrtException e) {
            throw new InvalidParameterException("cannot load the ONNX model: " + e.getMessage(), "model");
        }
    }

    private static List<ModelSignature.ColumnSpec> defaultInputs(int width) {
        if (width < 0) {
            throw new InvalidParameterException("the ONNX model's feature count is dynamic and the MLmodel has no signature; "
                    + "add a column-based signature", "signature");
        }
        List<ModelSignature.ColumnSpec> cols = new ArrayList<>();
        for (int j = 0; j < width; j++) {
            cols.add(new ModelSignature.ColumnSpec("f" + j, "double", true));
        }
        return cols;
    }

    private static TensorInfo tensor(NodeInfo info, String what) {
        if (info.getInfo() instanceof TensorInfo t) {
            return t;
        }
        throw new InvalidParameterException("the ONNX model's " + what + " '" + info.getName() + "' is not a tensor", "model");
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public Predictions predict(Frame input) {
        FeatureMatrix x = NativeModel.matrix(input, signature);
        long[] shape = {x.rows(), x.cols()};
        try (OnnxTensor t = doubleInput ? OnnxTensor.createTensor(env, DoubleBuffer.wrap(x.values()), shape)
                : OnnxTensor.createTensor(env, FloatBuffer.wrap(x.toFloats()), shape);
                OrtSession.Result r = session.run(Map.of(inputName, t), java.util.Set.of(outputName))) {
            OnnxValue v = r.get(0);
            double[] out = flatten(v.getValue(), x.rows());
            if (task == Task.REGRESSION) {
                return Predictions.regression(out);
            }
            return Predictions.classification(classes, out);
        } catch (OrtException e) {
            throw new CeruleanException(ErrorCode.INTERNAL, "ONNX Runtime failed: " + e.getMessage(), null, List.of(), e);
        }
    }

    private static double[] flatten(Object value, int rows) {
        List<Double> out = new ArrayList<>();
        if (value instanceof float[][] m) {
            for (float[] row : m) {
                for (float f : row) {
                    out.add((double) f);
                }
            }
        } else if (value instanceof double[][] m) {
            for (double[] row : m) {
                for (double f : row) {
                    out.add(f);
                }
            }
        } else if (value instanceof float[] a) {
            for (float f : a) {
                out.add((double) f);
            }
        } else if (value instanceof double[] a) {
            for (double f : a) {
                out.add(f);
            }
        } else {
            throw new CeruleanException(ErrorCode.INTERNAL, "unexpected ONNX output of type " + value.getClass().getSimpleName());
        }
        double[] r = new double[out.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = out.get(i);
        }
        return r;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new CeruleanException(ErrorCode.INTERNAL, "ONNX Runtime failed to close: " + e.getMessage(), null, List.of(), e);
        }
    }
}
