package dev.revgraph.campaign;

import static dev.revgraph.db.Tables.CAMPAIGN;

import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** The only place that reads and writes campaigns. */
@Repository
class CampaignRepository {

    private final DSLContext dsl;

    CampaignRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    Optional<Long> idByCode(String code) {
        return dsl.select(CAMPAIGN.ID).from(CAMPAIGN).where(CAMPAIGN.CODE.eq(code)).fetchOptional(CAMPAIGN.ID);
    }
}
