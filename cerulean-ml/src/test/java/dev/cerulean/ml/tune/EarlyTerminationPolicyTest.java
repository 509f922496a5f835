package dev.cerulean.ml.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.spec.Problem;
import dev.cerulean.core.spec.SpecException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EarlyTerminationPolicyTest {

    private static TrialProgress running(String id, Double... values) {
        return TrialProgress.running(id, Arrays.asList(values));
    }

    private static TrialProgress finished(String id, Double... values) {
        return TrialProgress.finished(id, Arrays.asList(values));
    }

    private static List<String> stopped(EarlyTerminationPolicy p, Goal goal, TrialProgress... trials) {
        return p.evaluate(goal, List.of(trials)).stream().map(Termination::trialId).toList();
    }

    private static List<TrialProgress> negate(TrialProgress... trials) {
        List<TrialProgress> out = new ArrayList<>();
        for (TrialProgress t : trials) {
            out.add(new TrialProgress(t.trialId(), t.running(), t.values().stream().map(v -> -v).toList()));
        }
        return out;
    }

    @Nested
    class Bandit {
        @Test
        void stopsTrialsBelowBestOverOnePlusSlackFactor() {
            // slack_factor 0.1, best 0.8 ⇒ cut-off 0.8 / 1.1 = 0.7273.
            BanditPolicy p = BanditPolicy.withSlackFactor(0.1, 1, 0);
            assertThat(p.cutoff(Goal.MAXIMIZE, 0.8)).isCloseTo(0.8 / 1.1, within(1e-12));
            TrialProgress a = finished("a", 0.5, 0.7, 0.8);
            TrialProgress b = running("b", 0.4, 0.6, 0.72);
            TrialProgress c = running("c", 0.5, 0.65, 0.73);
            assertThat(stopped(p, Goal.MAXIMIZE, a, b, c)).containsExactly("b");
            Termination t = p.evaluate(Goal.MAXIMIZE, List.of(a, b, c)).get(0);
            assertThat(t.policy()).isEqualTo("bandit");
            assertThat(t.interval()).isEqualTo(3);
            assertThat(t.reason()).isEqualTo("at interval 3 its best primary metric 0.72 is below the bandit cut-off 0.727273"
                    + " = best / (1 + slack_factor 0.1), where best = 0.8 (trial a)");
        }

        @Test
        void followsTheAzureDocsExampleWithSlackFactorPointTwo() {
            // Azure ML: best 0.8 at interval 10 and slack_factor 0.2 ⇒ trials below 0.8 / 1.2 ≈ 0.667 stop.
            BanditPolicy p = BanditPolicy.withSlackFactor(0.2, 10, 0);
            Double[] best = new Double[10];
            Double[] low = new Double[10];
            Double[] ok = new Double[10];
            Arrays.fill(best, 0.8);
            Arrays.fill(low, 0.66);
            Arrays.fill(ok, 0.67);
            assertThat(stopped(p, Goal.MAXIMIZE, finished("x", best), running("low", low), running("ok", ok))).containsExactly("low");
        }

        @Test
        void stopsTrialsMoreThanSlackAmountBelowTheBest() {
            BanditPolicy p = BanditPolicy.withSlackAmount(0.2, 1, 0);
            assertThat(stopped(p, Goal.MAXIMIZE, finished("best", 0.8), running("far", 0.59), running("near", 0.61)))
                    .containsExactly("far");
        }

        @Test
        void mirrorsTheRuleWhenMinimising() {
            // best loss 0.5, slack_factor 0.1 ⇒ stop above 0.55.
            BanditPolicy p = BanditPolicy.withSlackFactor(0.1, 1, 0);
            assertThat(stopped(p, Goal.MINIMIZE, finished("best", 0.5), running("bad", 0.56), running("fine", 0.54)))
                    .containsExactly("bad");
            assertThat(stopped(BanditPolicy.withSlackAmount(0.2, 1, 0), Goal.MINIMIZE, finished("best", 1.0), running("bad", 1.21),
                    running("fine", 1.19))).containsExactly("bad");
        }

        @Test
        void keepsTheCutoffOnTheWorseSideForNegativeValues() {
            // Maximising a negative loss: best −0.5, slack_factor 0.1 ⇒ cut-off −0.5 − 0.5·0.1/1.1 = −0.5455.
            BanditPolicy p = BanditPolicy.withSlackFactor(0.1, 1, 0);
            assertThat(p.cutoff(Goal.MAXIMIZE, -0.5)).isCloseTo(-0.5 - 0.05 / 1.1, within(1e-12));
            assertThat(stopped(p, Goal.MAXIMIZE, finished("best", -0.5), running("bad", -0.55), running("fine", -0.54)))
                    .containsExactly("bad");
            assertThat(p.cutoff(Goal.MINIMIZE, -2.0)).isCloseTo(-1.8, within(1e-12));
        }

        @Test
        void comparesOnlyWhatOtherTrialsReachedByTheSameInterval() {
            BanditPolicy p = BanditPolicy.withSlackFactor(0.1, 1, 0);
            TrialProgress old = finished("old", 0.5, 0.55, 0.9);
            // At interval 2 the best is 0.55 (not the 0.9 logged later): cut-off 0.5.
            assertThat(stopped(p, Goal.MAXIMIZE, old, running("young", 0.5, 0.52))).isEmpty();
            assertThat(stopped(p, Goal.MAXIMIZE, old, running("young", 0.5, 0.52, 0.6))).containsExactly("young");
        }

        @Test
        void waitsForDelayAndEvaluatesAtMultiplesOfTheInterval() {
            BanditPolicy p = BanditPolicy.withSlackFactor(0.1, 2, 5);
            TrialProgress best = finished("best", 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0);
            assertThat(p.evaluationPoint(4)).isZero();
            assertThat(p.evaluationPoint(5)).isZero();
            assertThat(p.evaluationPoint(6)).isEqualTo(6);
            assertThat(p.evaluationPoint(7)).isEqualTo(6);
            assertThat(stopped(p, Goal.MAXIMIZE, best, running("bad", 0.1, 0.1, 0.1, 0.1, 0.1))).isEmpty();
            assertThat(stopped(p, Goal.MAXIMIZE, best, running("bad", 0.1, 0.1, 0.1, 0.1, 0.1, 0.1))).containsExactly("bad");
            Termination t = p.evaluate(Goal.MAXIMIZE, List.of(best, running("bad", 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1))).get(0);
            assertThat(t.interval()).isEqualTo(6);
        }

        @Test
        void neverStopsFinishedTrialsAndStopsOnesThatOnlyLoggedNaN() {
            BanditPolicy p = BanditPolicy.withSlackFactor(0.1, 1, 0);
            assertThat(stopped(p, Goal.MAXIMIZE, running("best", 1.0), finished("bad", 0.1))).isEmpty();
            assertThat(stopped(p, Goal.MINIMIZE, finished("best", 1.0), running("diverged", Double.NaN))).containsExactly("diverged");
        }
    }

    @Nested
    class MedianStopping {
        private final TrialProgress a = finished("a", 0.2, 0.4, 0.6);
        private final TrialProgress b = finished("b", 0.3, 0.5, 0.7);
        private final TrialProgress c = running("c", 0.1, 0.2, 0.3);
        private final TrialProgress d = running("d", 0.5, 0.5, 0.5);

        @Test
        void stopsTrialsWhoseBestIsBelowTheMedianOfRunningAverages() {
            // Running averages over 1..3: a 0.4, b 0.5, c 0.2, d 0.5 ⇒ median 0.45; c's best 0.3 < 0.45, d's 0.5 is not.
            MedianStoppingPolicy p = new MedianStoppingPolicy(1, 0);
            List<Termination> out = p.evaluate(Goal.MAXIMIZE, List.of(a, b, c, d));
            assertThat(out).extracting(Termination::trialId).containsExactly("c");
            assertThat(out.get(0).reason()).isEqualTo("at interval 3 its best primary metric 0.3 is below the median 0.45 of the running"
                    + " averages over intervals 1..3 of 4 trials");
        }

        @Test
        void mirrorsWhenMinimising() {
            MedianStoppingPolicy p = new MedianStoppingPolicy(1, 0);
            assertThat(p.evaluate(Goal.MINIMIZE, negate(a, b, c, d))).extracting(Termination::trialId).containsExactly("c");
        }

        @Test
        void neverStopsALoneTrial() {
            assertThat(stopped(new MedianStoppingPolicy(1, 0), Goal.MAXIMIZE, running("only", 0.9, 0.1, 0.1))).isEmpty();
        }

        @Test
        void waitsForTheDelay() {
            // Azure ML's example: delay_evaluation 5 ⇒ first judged at interval 5.
            MedianStoppingPolicy p = new MedianStoppingPolicy(1, 5);
            TrialProgress good = finished("good", 1.0, 1.0, 1.0, 1.0, 1.0);
            assertThat(stopped(p, Goal.MAXIMIZE, good, running("bad", 0.1, 0.1, 0.1, 0.1))).isEmpty();
            assertThat(stopped(p, Goal.MAXIMIZE, good, finished("good2", 1.0, 1.0, 1.0, 1.0, 1.0),
                    running("bad", 0.1, 0.1, 0.1, 0.1, 0.1))).containsExactly("bad");
        }
    }

    @Nested
    class TruncationSelection {
        private final TrialProgress a = finished("a", 0.1, 0.9);
        private final TrialProgress b = running("b", 0.2, 0.5);
        private final TrialProgress c = running("c", 0.3, 0.4);
        private final TrialProgress d = running("d", 0.35, 0.6);
        private final TrialProgress e = running("e", 0.05, 0.1);

        @Test
        void cutsTheLowestPercentAtEachInterval() {
            // Five trials at interval 2, 20 % ⇒ the one worst (e, best 0.1) is cut.
            TruncationSelectionPolicy p = new TruncationSelectionPolicy(20, 1, 0, false);
            List<Termination> out = p.evaluate(Goal.MAXIMIZE, List.of(a, b, c, d, e));
            assertThat(out).extracting(Termination::trialId).containsExactly("e");
            assertThat(out.get(0).reason()).isEqualTo("at interval 2 its best primary metric 0.1 ranks 5 of 5, in the lowest 20%"
                    + " (the 1 worst of 5 trials are cut)");
            assertThat(new TruncationSelectionPolicy(40, 1, 0, false).evaluate(Goal.MAXIMIZE, List.of(a, b, c, d, e)))
                    .extracting(Termination::trialId).containsExactly("c", "e");
        }

        @Test
        void canLeaveFinishedTrialsOutOfTheRanking() {
            // Without the finished trial a, four remain: 20 % of 4 rounds down to none.
            TruncationSelectionPolicy p = new TruncationSelectionPolicy(20, 1, 0, true);
            assertThat(stopped(p, Goal.MAXIMIZE, a, b, c, d, e)).isEmpty();
        }

        @Test
        void ranksYoungTrialsAgainstWhatOthersHadAtTheSameInterval() {
            // f has logged once: at interval 1 the scores are a 0.1, b 0.2, c 0.3, d 0.35, f 0.15, so k = 1 and two
            // (a and f) are as bad or worse: f stays. Judged by the others' later values (0.4 … 0.9) it would be cut.
            TruncationSelectionPolicy p = new TruncationSelectionPolicy(20, 1, 0, false);
            assertThat(stopped(p, Goal.MAXIMIZE, a, b, c, d, running("f", 0.15))).isEmpty();
            assertThat(stopped(p, Goal.MAXIMIZE, a, b, c, d, running("f", 0.01))).containsExactly("f");
        }

        @Test
        void letsTiesProtectEachOther() {
            TruncationSelectionPolicy p = new TruncationSelectionPolicy(50, 1, 0, false);
            assertThat(stopped(p, Goal.MINIMIZE, running("a", 1.0), running("b", 1.0), running("c", 1.0), running("d", 1.0))).isEmpty();
        }

        @Test
        void mirrorsWhenMinimising() {
            TruncationSelectionPolicy p = new TruncationSelectionPolicy(20, 1, 0, false);
            assertThat(p.evaluate(Goal.MINIMIZE, negate(a, b, c, d, e))).extracting(Termination::trialId).containsExactly("e");
        }
    }

    @Test
    void readsMetricHistoriesByStep() {
        TreeMap<Long, Double> steps = new TreeMap<>();
        steps.put(10L, 0.5);
        steps.put(0L, 0.1);
        steps.put(20L, 0.7);
        TrialProgress t = TrialProgress.fromSteps("t", true, steps);
        assertThat(t.values()).containsExactly(0.1, 0.5, 0.7);
        assertThat(t.bestUpTo(Goal.MAXIMIZE, 2)).isEqualTo(0.5);
        assertThat(t.averageUpTo(3)).isCloseTo(0.4333, within(1e-4));
    }

    @Nested
    class Reading {
        private List<Problem> problems(String yaml) {
            List<Problem> out = new ArrayList<>();
            EarlyTerminationPolicy.read(Yaml.tree(yaml), "early_termination", out);
            return out;
        }

        @Test
        void readsEachPolicyWithAzureDefaults() {
            assertThat(EarlyTerminationPolicy.parse(Yaml.tree("{type: bandit, slack_factor: 0.1}")))
                    .contains(BanditPolicy.withSlackFactor(0.1, 1, 0));
            assertThat(EarlyTerminationPolicy.parse(Yaml.tree("{type: median_stopping, evaluation_interval: 2, delay_evaluation: 5}")))
                    .contains(new MedianStoppingPolicy(2, 5));
            assertThat(EarlyTerminationPolicy.parse(Yaml.tree("{type: truncation_selection, truncation_percentage: 20}")))
                    .contains(new TruncationSelectionPolicy(20, 1, 0, false));
            assertThat(EarlyTerminationPolicy.parse(Yaml.tree("{type: TruncationSelection, truncation_percentage: 20, exclude_finished_jobs: true}")))
                    .contains(new TruncationSelectionPolicy(20, 1, 0, true));
            assertThat(EarlyTerminationPolicy.parse(null)).isEqualTo(Optional.empty());
        }

        @Test
        void treatsTheSdksEvaluationIntervalZeroAsEveryInterval() {
            assertThat(EarlyTerminationPolicy.parse(Yaml.tree("{type: bandit, slack_amount: 0.2, evaluation_interval: 0}")))
                    .contains(BanditPolicy.withSlackAmount(0.2, 1, 0));
        }

        @Test
        void rejectsBothSlacksNamingTheField() {
            List<Problem> ps = problems("{type: bandit, slack_factor: 0.1, slack_amount: 0.2}");
            assertThat(ps).hasSize(1);
            assertThat(ps.get(0).path()).isEqualTo("early_termination.slack_amount");
            assertThat(ps.get(0).message()).isEqualTo("give slack_factor or slack_amount, not both (slack_factor 0.1, slack_amount 0.2)");
        }

        @Test
        void requiresOneSlack() {
            List<Problem> ps = problems("{type: bandit, evaluation_interval: 1}");
            assertThat(ps).extracting(Problem::message).containsExactly("bandit needs a positive slack_factor or slack_amount");
            assertThat(ps.get(0).path()).isEqualTo("early_termination");
            assertThat(problems("{type: bandit, slack_factor: -0.1}")).extracting(Problem::path).contains("early_termination.slack_factor");
        }

        @Test
        void acceptsTheZeroTheSdkWritesForTheUnsetSlack() {
            List<Problem> ps = new ArrayList<>();
            Optional<EarlyTerminationPolicy> p = EarlyTerminationPolicy.read(Yaml.tree("{type: bandit, slack_factor: 0.1, slack_amount: 0}"),
                    "early_termination", ps);
            assertThat(p).contains(BanditPolicy.withSlackFactor(0.1, 1, 0));
            assertThat(ps).singleElement().satisfies(w -> {
                assertThat(w.isError()).isFalse();
                assertThat(w.path()).isEqualTo("early_termination.slack_amount");
            });
        }

        @Test
        void suggestsTheNearestPolicyAndField() {
            Problem p = problems("{type: bandti, slack_factor: 0.1}").get(0);
            assertThat(p.path()).isEqualTo("early_termination.type");
            assertThat(p.suggestion()).isEqualTo("did you mean 'bandit'?");
            Problem f = problems("{type: median_stopping, delay_evalution: 5}").get(0);
            assertThat(f.path()).isEqualTo("early_termination.delay_evalution");
            assertThat(f.suggestion()).isEqualTo("did you mean 'delay_evaluation'?");
        }

        @Test
        void checksTruncationPercentage() {
            assertThat(problems("{type: truncation_selection}")).extracting(Problem::path)
                    .containsExactly("early_termination.truncation_percentage");
            assertThat(problems("{type: truncation_selection, truncation_percentage: 100}")).extracting(Problem::message)
                    .containsExactly("truncation_percentage must be an integer from 1 to 99, got 100");
        }

        @Test
        void throwsWithEveryProblem() {
            assertThatThrownBy(() -> EarlyTerminationPolicy.parse(Yaml.tree("{type: bandit, slack_factor: 0.1, slack_amount: 0.2, delay_evaluation: -1}")))
                    .isInstanceOf(SpecException.class).hasMessageContaining("has 2 problems");
        }

        @Test
        void rejectsBadPoliciesBuiltInCode() {
            assertThatThrownBy(() -> new BanditPolicy(0.1, 0.2, 1, 0)).isInstanceOf(InvalidParameterException.class)
                    .hasMessage("bandit needs exactly one of slack_factor and slack_amount");
            assertThatThrownBy(() -> new TruncationSelectionPolicy(0, 1, 0, false)).isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("truncation_percentage must be from 1 to 99, got 0");
        }
    }
}
