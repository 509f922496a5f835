package dev.cerulean.app;

class H2TrackingReliabilityIT extends TrackingReliabilityContract {
    @Override
    String dbUrl() {
        return null;
    }
}
