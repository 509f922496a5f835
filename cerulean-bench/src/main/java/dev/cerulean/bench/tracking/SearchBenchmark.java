package dev.cerulean.bench.tracking;

/** Placeholder replaced below. */
final class SearchBenchmark {
    private SearchBenchmark() {
    }
}
