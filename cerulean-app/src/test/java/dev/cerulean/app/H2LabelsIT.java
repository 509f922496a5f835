package dev.cerulean.app;

/** Class labels as the data spells them, on the embedded H2 database. */
class H2LabelsIT extends LabelsContract {
    @Override
    String dbUrl() {
        return null;
    }
}
