package dev.cerulean.app;

/** AutoML jobs on the embedded H2 database. */
class H2AutoMlJobsIT extends AutoMlJobsContract {
    @Override
    String dbUrl() {
        return null;
    }
}
