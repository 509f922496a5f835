package dev.cerulean.ml.automl;

import dev.cerulean.core.model.Provenance;
import dev.cerulean.ml.explain.WeightedAverageModel;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameColumn;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.model.CeruleanModel;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.ModelSignature;
import dev.cerulean.ml.model.Predictions;
import dev.cerulean.ml.model.Provenances;
import java.util.ArrayList;
import java.util.List;

/**
 * An ensemble of AutoML's models, as Azure ML builds them:
 * <ul>
 * <li>{@link Kind#VOTING} ({@code VotingEnsemble}): soft voting, the weighted mean of the members' class
 * probabilities (or values), the weights found by Caruana et al.'s greedy ensemble selection ("Ensemble
 * Selection from Libraries of Models", ICML 2004);</li>
 * <li>{@link Kind#STACKING} ({@code StackEnsemble}): a linear meta-learner (elastic-net logistic, multinomial
 * or linear regression) on the members' predictions, trained on their out-of-fold predictions (Wolpert,
 * "Stacked generalization", Neural Networks 5, 1992). Classification members enter as the log-odds of
 * class 1 (binary) or log-probabilities (multiclass), clipped at 1e-6.</li>
 * </ul>
 * Members are {@link CeruleanModel}s or {@link BaggedModel}s sharing the task, classes and target; a
 * featurizer shared by members transforms each input once. Immutable and thread-safe.
 */
public final class EnsembleModel implements WeightedAverageModel, AutoCloseable {
    /** Probabilities are clipped here before logs. */
    static final double CLIP = 1e-6;

    /** How members are combined. */
    public enum Kind {
        VOTING, STACKING
    }

    private final Kind kind;
    private final List<Model> members;
    private final List<String> memberNames;
    private final double[] weights;
    private final CeruleanModel meta;
    private final ModelSignature signature;
    private final String target;
    private final boolean numericLabels;
    private final Provenance provenance;

    private EnsembleModel(Kind kind, List<Model> members, List<String> memberNames, double[] weights, CeruleanModel meta,
            String target, boolean numericLabels, Provenance provenance) {
        if (members.isEmpty() || members.size() != memberNames.size()) {
            throw new IllegalArgumentException("an ensemble needs members, each with a name");
        }
        for (Model m : members) {
            if (!(m instanceof CeruleanModel || m instanceof BaggedModel)) {
                throw new IllegalArgumentException("ensemble members are Cerulean or bagged models, not " + m.getClass().getSimpleName());
            }
            if (m.task() != members.get(0).task() || !m.classes().equals(members.get(0).classes())) {
                throw new IllegalArgumentException("ensemble members disagree on task or classes");
            }
        }
        this.kind = kind;
        this.members = List.copyOf(members);
        this.memberNames = List.copyOf(memberNames);
        this.weights = weights;
        this.meta = meta;
        this.target = target;
        this.numericLabels = numericLabels;
        this.provenance = Provenances.requireType(provenance, Provenance.ModelType.ENSEMBLE);
        this.signature = new ModelSignature(Scoring.mergedInputs(members), ModelSignature.outputs(task() == Task.REGRESSION,
                numericLabels, classes()));
    }

    /**
     * A weighted soft-voting ensemble.
     *
     * @param weights    one per member, non-negative, summing to 1
     * @param provenance how it was made (an {@link Provenance.ModelType#ENSEMBLE} one listing the members), or null
     * @throws IllegalArgumentException on mismatched sizes or bad weights
     */
    public static EnsembleModel voting(List<Model> members, List<String> names, double[] weights, String target,
            boolean numericLabels, Provenance provenance) {
        if (weights.length != members.size()) {
            throw new IllegalArgumentException(weights.length + " weights for " + members.size() + " members");
        }
        double s = 0;
        for (double w : weights) {
            if (!(w >= 0)) {
                throw new IllegalArgumentException("negative weight " + w);
            }
            s += w;
        }
        if (Math.abs(s - 1) > 1e-9) {
            throw new IllegalArgumentException("weights sum to " + s + ", not 1");
        }
        return new EnsembleModel(Kind.VOTING, members, names, weights.clone(), null, target, numericLabels, provenance);
    }

    /**
     * A stacked ensemble.
     *
     * @param meta       the meta-learner, taking the columns {@link #stackFeatures} makes from the members' predictions
     * @param provenance how it was made (an {@link Provenance.ModelType#ENSEMBLE} one listing the members), or null
     */
    public static EnsembleModel stacking(List<Model> members, List<String> names, CeruleanModel meta, String target,
            boolean numericLabels, Provenance provenance) {
        return new EnsembleModel(Kind.STACKING, members, names, null, meta, target, numericLabels, provenance);
    }

    @Override
    public Task task() {
        return members.get(0).task();
    }

    @Override
    public List<String> classes() {
        return members.get(0).classes();
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public Provenance provenance() {
        return provenance;
    }

    /** Voting or stacking. */
    public Kind kind() {
        return kind;
    }

    /** Azure ML's name: {@code VotingEnsemble} or {@code StackEnsemble}. */
    public String algorithm() {
        return kind == Kind.VOTING ? "VotingEnsemble" : "StackEnsemble";
    }

    /** The members. */
    public List<Model> members() {
        return members;
    }

    /** The members' names (algorithm and trial id). */
    public List<String> memberNames() {
        return memberNames;
    }

    /** The voting weights (a copy), or null for stacking. */
    public double[] weights() {
        return weights == null ? null : weights.clone();
    }

    /** The stacking meta-learner, or null for voting. */
    public CeruleanModel meta() {
        return meta;
    }

    /** The target column. */
    public String target() {
        return target;
    }

    /** Whether the class labels were numbers. */
    public boolean numericLabels() {
        return numericLabels;
    }

    /**
     * This ensemble with each bagged member replaced by its fold {@code f} model: it saw none of fold f's rows
     * (for out-of-fold evaluation and importance). The view has no provenance: it is not a model that was trained.
     *
     * @throws IllegalStateException if a member is not bagged over at least f + 1 folds
     */
    public EnsembleModel fold(int f) {
        List<Model> fm = new ArrayList<>();
        for (Model m : members) {
            if (!(m instanceof BaggedModel b) || b.folds().size() <= f) {
                throw new IllegalStateException("member " + m + " has no fold " + f);
            }
            fm.add(b.fold(f));
        }
        return new EnsembleModel(kind, fm, memberNames, weights, meta, target, numericLabels, null);
    }

    @Override
    public List<Model> parts() {
        return members;
    }

    /** The voting weights; null for stacking, which is not an average of its members. */
    @Override
    public double[] partWeights() {
        return weights();
    }

    @Override
    public Predictions predict(Frame input) {
        double[] raw = raw(new Scoring.FeatureCache(input));
        return task().isClassification() ? Predictions.classification(classes(), raw) : Predictions.regression(raw);
    }

    double[] raw(Scoring.FeatureCache cache) {
        List<double[]> preds = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            preds.add(kind == Kind.VOTING && weights[m] == 0 ? null : Scoring.raw(members.get(m), cache));
        }
        if (kind == Kind.VOTING) {
            double[] out = null;
            for (int m = 0; m < preds.size(); m++) {
                double[] p = preds.get(m);
                if (p == null) {
                    continue;
                }
                if (out == null) {
                    out = new double[p.length];
                }
                for (int i = 0; i < p.length; i++) {
                    out[i] += weights[m] * p[i];
                }
            }
            return out;
        }
        int k = task().isClassification() ? classes().size() : 0;
        Frame x = stackFeatures(task(), k, preds);
        return meta.predictor().predict(meta.featurizer().transform(x));
    }

    /**
     * The stacking meta-learner's input: one numeric column per member (regression value, binary log-odds of
     * class 1) or per member and class (multiclass log-probability), named {@code m<i>} or {@code m<i>_c<k>}.
     *
     * @param k     classes (0 for regression)
     * @param preds each member's raw predictions for the same rows
     */
    public static Frame stackFeatures(Task task, int k, List<double[]> preds) {
        List<FrameColumn> cols = new ArrayList<>();
        for (int m = 0; m < preds.size(); m++) {
            double[] p = preds.get(m);
            if (task == Task.REGRESSION) {
                cols.add(NumericColumn.of("m" + m, p.clone()));
            } else if (task == Task.BINARY) {
                int n = p.length / 2;
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    double q = Math.min(1 - CLIP, Math.max(CLIP, p[2 * i + 1]));
                    v[i] = Math.log(q / (1 - q));
                }
                cols.add(NumericColumn.of("m" + m, v));
            } else {
                int n = p.length / k;
                for (int c = 0; c < k; c++) {
                    double[] v = new double[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = Math.log(Math.max(CLIP, p[i * k + c]));
                    }
                    cols.add(NumericColumn.of("m" + m + "_c" + c, v));
                }
            }
        }
        return Frame.of(cols);
    }

    @Override
    public void close() {
        for (Model m : members) {
            if (m instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot close ensemble member: " + e.getMessage(), e);
                }
            }
        }
        if (meta != null) {
            meta.close();
        }
    }
}
