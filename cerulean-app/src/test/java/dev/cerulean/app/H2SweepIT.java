package dev.cerulean.app;

/** Sweep jobs on the embedded H2 database. */
class H2SweepIT extends SweepContract {
    @Override
    String dbUrl() {
        return null;
    }
}
