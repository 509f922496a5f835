package dev.cerulean.ml.learn;

import com.microsoft.ml.lightgbm.SWIGTYPE_p_double;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_int;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_long_long;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_p_void;
import com.microsoft.ml.lightgbm.SWIGTYPE_p_void;
import com.microsoft.ml.lightgbm.lightgbmlib;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.natives.NativeLibraries;
import io.github.metarank.lightgbm4j.LGBMBooster;
import java.util.List;

/**
 * A LightGBM booster for prediction, driven through LightGBM's C API directly. lightgbm4j's own
 * {@code predictForMat} sizes its output buffer as 2 × rows, which overflows the native heap for
 * multiclass models (3+ classes), so predictions go through here; training still uses lightgbm4j.
 * The booster is created from the model text and freed by {@link #close()}.
 */
final class LgbmNative implements AutoCloseable {
    private static final int C_API_DTYPE_FLOAT64 = 1;
    private static final int C_API_PREDICT_NORMAL = 0;
    private static final int C_API_PREDICT_RAW_SCORE = 1;
    private static final int C_API_PREDICT_CONTRIB = 3;
    private static final int C_API_FEATURE_IMPORTANCE_GAIN = 1;

    private final SWIGTYPE_p_p_void handlePtr;
    private final SWIGTYPE_p_void handle;
    /** The lightgbm4j booster that owns the handle (a model just trained), or null when this owns it. */
    private final LGBMBooster owner;
    private volatile String text;
    private final int features;
    private final int outputs;
    // Predictions may run concurrently (LightGBM's predict is thread-safe); close waits for them.
    private final java.util.concurrent.locks.ReentrantReadWriteLock lock = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private boolean closed;

    private LgbmNative(SWIGTYPE_p_p_void handlePtr, LGBMBooster owner, String text, int features, int outputs) {
        this.handlePtr = handlePtr;
        this.handle = lightgbmlib.voidpp_value(handlePtr);
        this.owner = owner;
        this.text = text;
        this.features = features;
        this.outputs = outputs;
    }

    /**
     * Loads a model from LightGBM's text format.
     *
     * @throws InvalidParameterException if LightGBM cannot parse it
     */
    static LgbmNative fromString(String text) {
        NativeLibraries.lightGbm();
        SWIGTYPE_p_p_void h = lightgbmlib.new_voidpp();
        SWIGTYPE_p_int iters = lightgbmlib.new_intp();
        SWIGTYPE_p_int num = lightgbmlib.new_intp();
        try {
            if (lightgbmlib.LGBM_BoosterLoadModelFromString(text, iters, h) != 0) {
                lightgbmlib.delete_voidpp(h);
                throw new InvalidParameterException("not a LightGBM model: " + lightgbmlib.LastErrorMsg(), "model");
            }
            SWIGTYPE_p_void b = lightgbmlib.voidpp_value(h);
            check(lightgbmlib.LGBM_BoosterGetNumFeature(b, num), "get feature count");
            int features = lightgbmlib.intp_value(num);
            check(lightgbmlib.LGBM_BoosterGetNumClasses(b, num), "get class count");
            int outputs = lightgbmlib.intp_value(num);
            return new LgbmNative(h, null, text, features, outputs);
        } finally {
            lightgbmlib.delete_intp(iters);
            lightgbmlib.delete_intp(num);
        }
    }

    /**
     * Wraps a booster just trained by lightgbm4j, taking ownership: predictions use its native handle
     * directly, so no save-and-parse round trip is paid after training. lightgbm4j keeps the handle in a
     * private field; if that ever changes, this falls back to reloading the model text.
     */
    static LgbmNative fromBooster(LGBMBooster booster) {
        SWIGTYPE_p_p_void h;
        try {
            java.lang.reflect.Field f = LGBMBooster.class.getDeclaredField("handle");
            f.setAccessible(true);
            h = (SWIGTYPE_p_p_void) f.get(booster);
        } catch (ReflectiveOperationException | RuntimeException e) {
            h = null;
        }
        try {
            if (h == null) {
                String text = booster.saveModelToString(0, 0, LGBMBooster.FeatureImportanceType.SPLIT);
                booster.close();
                return fromString(text);
            }
            return new LgbmNative(h, booster, null, booster.getNumFeature(), booster.getNumClasses());
        } catch (io.github.metarank.lightgbm4j.LGBMException e) {
            throw new CeruleanException(ErrorCode.INTERNAL, "LightGBM failed: " + e.getMessage(), null, List.of(), e);
        }
    }

    private static void check(int rc, String what) {
        if (rc != 0) {
            throw new CeruleanException(ErrorCode.INTERNAL, "LightGBM could not " + what + ": " + lightgbmlib.LastErrorMsg(),
                    null, List.of(), null);
        }
    }

    /** The model text (LightGBM's own format). */
    String text() {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the LightGBM model is closed");
            }
            if (text == null) {
                synchronized (this) {
                    if (text == null) {
                        text = owner.saveModelToString(0, 0, LGBMBooster.FeatureImportanceType.SPLIT);
                    }
                }
            }
            return text;
        } catch (io.github.metarank.lightgbm4j.LGBMException e) {
            throw new CeruleanException(ErrorCode.INTERNAL, "LightGBM could not save the model: " + e.getMessage(), null, List.of(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Boosting iterations (trees per output) in the model. */
    int iterations() {
        lock.readLock().lock();
        SWIGTYPE_p_int out = lightgbmlib.new_intp();
        try {
            if (closed) {
                throw new IllegalStateException("the LightGBM model is closed");
            }
            check(lightgbmlib.LGBM_BoosterGetCurrentIteration(handle, out), "count iterations");
            return lightgbmlib.intp_value(out);
        } finally {
            lightgbmlib.delete_intp(out);
            lock.readLock().unlock();
        }
    }

    /** Features the model takes. */
    int features() {
        return features;
    }

    /** Values per row of a prediction: the class count for multiclass, else 1. */
    int outputs() {
        return outputs;
    }

    /** Predictions (probabilities / values after the objective's transform), {@link #outputs()} per row. */
    double[] predict(double[] rowMajor, int rows, int cols) {
        return predict(rowMajor, rows, cols, C_API_PREDICT_NORMAL, outputs);
    }

    /** Raw scores (margins before the objective's link function), {@link #outputs()} per row. */
    double[] predictRaw(double[] rowMajor, int rows, int cols) {
        return predict(rowMajor, rows, cols, C_API_PREDICT_RAW_SCORE, outputs);
    }

    /**
     * TreeSHAP feature contributions (LightGBM's {@code pred_contrib}): per row, per output, {@code cols}
     * contributions then the expected value; each output's values sum to its raw score.
     */
    double[] predictContrib(double[] rowMajor, int rows, int cols) {
        return predict(rowMajor, rows, cols, C_API_PREDICT_CONTRIB, outputs * (cols + 1));
    }

    private double[] predict(double[] rowMajor, int rows, int cols, int type, int width) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the LightGBM model is closed");
            }
            return predictOpen(rowMajor, rows, cols, type, width);
        } finally {
            lock.readLock().unlock();
        }
    }

    private double[] predictOpen(double[] rowMajor, int rows, int cols, int type, int width) {
        double[] result = new double[rows * width];
        SWIGTYPE_p_long_long outLen = lightgbmlib.new_int64_tp();
        SWIGTYPE_p_double out = lightgbmlib.new_doubleArray(result.length);
        try {
            if (rows == 1) {
                // Passes the Java array straight through (no element-wise copy) for single-row latency.
                check(lightgbmlib.LGBM_BoosterPredictForMatSingle(rowMajor, handle, C_API_DTYPE_FLOAT64, cols, 1,
                        type, 0, -1, "", outLen, out), "predict");
            } else {
                SWIGTYPE_p_double in = lightgbmlib.new_doubleArray(rowMajor.length);
                try {
                    for (int i = 0; i < rowMajor.length; i++) {
                        lightgbmlib.doubleArray_setitem(in, i, rowMajor[i]);
                    }
                    check(lightgbmlib.LGBM_BoosterPredictForMat(handle, lightgbmlib.double_to_voidp_ptr(in), C_API_DTYPE_FLOAT64,
                            rows, cols, 1, type, 0, -1, "", outLen, out), "predict");
                } finally {
                    lightgbmlib.delete_doubleArray(in);
                }
            }
            long n = lightgbmlib.int64_tp_value(outLen);
            if (n != result.length) {
                throw new CeruleanException(ErrorCode.INTERNAL, "LightGBM returned " + n + " values for " + rows + " rows", null,
                        List.of(), null);
            }
            for (int i = 0; i < result.length; i++) {
                result[i] = lightgbmlib.doubleArray_getitem(out, i);
            }
            return result;
        } finally {
            lightgbmlib.delete_int64_tp(outLen);
            lightgbmlib.delete_doubleArray(out);
        }
    }

    /** Total gain per feature. */
    double[] gainImportance() {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the LightGBM model is closed");
            }
            return gainImportanceOpen();
        } finally {
            lock.readLock().unlock();
        }
    }

    private double[] gainImportanceOpen() {
        SWIGTYPE_p_double out = lightgbmlib.new_doubleArray(features);
        try {
            check(lightgbmlib.LGBM_BoosterFeatureImportance(handle, 0, C_API_FEATURE_IMPORTANCE_GAIN, out), "compute importance");
            double[] r = new double[features];
            for (int i = 0; i < features; i++) {
                r[i] = lightgbmlib.doubleArray_getitem(out, i);
            }
            return r;
        } finally {
            lightgbmlib.delete_doubleArray(out);
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                if (owner != null) {
                    owner.close();
                } else {
                    lightgbmlib.LGBM_BoosterFree(handle);
                    lightgbmlib.delete_voidpp(handlePtr);
                }
            }
        } catch (io.github.metarank.lightgbm4j.LGBMException e) {
            throw new CeruleanException(ErrorCode.INTERNAL, "LightGBM could not free the model: " + e.getMessage(), null, List.of(), e);
        } finally {
            lock.writeLock().unlock();
        }
    }
}
