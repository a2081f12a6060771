package dev.revgraph.importing;

import dev.revgraph.importing.files.BudgetsFile;
import dev.revgraph.importing.files.CampaignResultsFile;
import dev.revgraph.importing.files.CampaignsFile;
import dev.revgraph.importing.files.ChannelsFile;
import dev.revgraph.importing.files.CustomersFile;
import dev.revgraph.importing.files.DepartmentsFile;
import dev.revgraph.importing.files.FxRatesFile;
import dev.revgraph.importing.files.ProductsFile;
import dev.revgraph.importing.files.RevenueFile;
import dev.revgraph.importing.files.SpendFile;
import dev.revgraph.importing.files.TouchpointsFile;
import dev.revgraph.importing.files.TreeFile;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The files of the import format in the contract's order, which is the order a directory loads
 * in so that references resolve; mirrors the GraphQL enum {@code ImportFile}.
 */
public enum ImportFile {
    DEPARTMENTS(DepartmentsFile::new),
    SEGMENTS(TreeFile::segments),
    PRODUCTS(ProductsFile::new),
    REGIONS(TreeFile::regions),
    CHANNELS(ChannelsFile::new),
    FX_RATES(FxRatesFile::new),
    CAMPAIGNS(CampaignsFile::new),
    CAMPAIGN_RESULTS(CampaignResultsFile::new),
    CUSTOMERS(CustomersFile::new),
    TOUCHPOINTS(TouchpointsFile::new),
    SPEND(SpendFile::new),
    REVENUE(RevenueFile::new),
    BUDGETS(BudgetsFile::new);

    private final FileSpec spec;

    ImportFile(Supplier<FileSpec> spec) {
        this.spec = spec.get();
    }

    public FileSpec spec() {
        return spec;
    }

    public String fileName() {
        return spec.fileName();
    }

    public static Optional<ImportFile> byFileName(String name) {
        return Arrays.stream(values()).filter(f -> f.fileName().equals(name)).findFirst();
    }
}
