package dev.cerulean.ml.learn;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Feature names the native libraries accept. */
final class FeatureNames {
    private FeatureNames() {
    }

    /**
     * Names with every character outside {@code [A-Za-z0-9_=.-]} replaced by '_' and made unique: LightGBM
     * rejects JSON punctuation in names and XGBoost rejects {@code [ ] <}.
     */
    static String[] sanitize(List<String> names) {
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String s = n.replaceAll("[^A-Za-z0-9_=.\\-]", "_");
            if (s.isEmpty()) {
                s = "f";
            }
            String u = s;
            int k = 1;
            while (!seen.add(u)) {
                u = s + "_" + (k++);
            }
            out.add(u);
        }
        return out.toArray(new String[0]);
    }
}
