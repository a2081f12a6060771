package dev.revgraph.campaign;

import dev.revgraph.shared.error.DomainException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Campaigns: what the ledgers link spend to. */
@Service
@Transactional(readOnly = true)
public class CampaignService {

    private final CampaignRepository repository;

    CampaignService(CampaignRepository repository) {
        this.repository = repository;
    }

    /** The id of the campaign with this code, null when no code is given. */
    public Long campaignId(String field, String code) {
        if (code == null) {
            return null;
        }
        return repository.idByCode(code)
                .orElseThrow(() -> DomainException.notFound(field, "no campaign has code " + code));
    }
}
