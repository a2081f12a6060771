package dev.revgraph.shared.importing;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The files of the import format in the contract's order, which is the order a directory loads
 * in so that references resolve; mirrors the GraphQL enum {@code ImportFile}. Each file's
 * {@link FileSpec} lives in the feature that owns its data and is found as a Java service.
 */
public enum ImportFile {
    DEPARTMENTS("departments.csv"),
    SEGMENTS("segments.csv"),
    PRODUCTS("products.csv"),
    REGIONS("regions.csv"),
    CHANNELS("channels.csv"),
    FX_RATES("fx_rates.csv"),
    CAMPAIGNS("campaigns.csv"),
    CAMPAIGN_RESULTS("campaign_results.csv"),
    CUSTOMERS("customers.csv"),
    TOUCHPOINTS("touchpoints.csv"),
    SPEND("spend.csv"),
    REVENUE("revenue.csv"),
    BUDGETS("budgets.csv"),
    HEADCOUNT("headcount.csv");

    private final String fileName;

    ImportFile(String fileName) {
        this.fileName = fileName;
    }

    /** The spec the owning feature registered; every file has exactly one. */
    public FileSpec spec() {
        return Specs.BY_FILE.get(this);
    }

    public String fileName() {
        return fileName;
    }

    public static Optional<ImportFile> byFileName(String name) {
        return Arrays.stream(values()).filter(f -> f.fileName().equals(name)).findFirst();
    }

    /** The registered specs, loaded once; a file with none or with two fails the first use. */
    private static final class Specs {
        static final Map<ImportFile, FileSpec> BY_FILE = load();

        private static Map<ImportFile, FileSpec> load() {
            Map<ImportFile, FileSpec> specs = new EnumMap<>(ImportFile.class);
            for (FileSpec spec : ServiceLoader.load(FileSpec.class, ImportFile.class.getClassLoader())) {
                if (specs.put(spec.file(), spec) != null) {
                    throw new IllegalStateException("two specs for " + spec.fileName());
                }
            }
            for (ImportFile file : values()) {
                if (!specs.containsKey(file)) {
                    throw new IllegalStateException("no spec registered for " + file.fileName());
                }
            }
            return specs;
        }
    }
}
