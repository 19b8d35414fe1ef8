package io.kcprovisioning.admin.resource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kcprovisioning.sync.SyncJobEntity;
import java.time.Instant;
import java.util.Map;

/** A Sync job as the admin API shows it. */
record SyncJobRepresentation(String id, String state, String triggeredBy, String node, String started,
        String finished, long examined, long applied, Long total, Map<String, Long> counts, String error) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static SyncJobRepresentation of(SyncJobEntity job) {
        Map<String, Long> counts = null;
        if (job.getCounts() != null) {
            try {
                counts = JSON.readValue(job.getCounts(), new TypeReference<Map<String, Long>>() {
                });
            } catch (java.io.IOException e) {
                counts = null;
            }
        }
        return new SyncJobRepresentation(job.getId(), job.getState().toLowerCase(java.util.Locale.ROOT),
                job.getTriggeredBy(), job.getNode(), Instant.ofEpochMilli(job.getStarted()).toString(),
                job.getFinished() == null ? null : Instant.ofEpochMilli(job.getFinished()).toString(),
                job.getExamined(), job.getApplied(), job.getTotal(), counts, job.getError());
    }
}
