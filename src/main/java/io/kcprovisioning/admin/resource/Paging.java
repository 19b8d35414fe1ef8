package io.kcprovisioning.admin.resource;

import io.kcprovisioning.members.MemberQueries;
import jakarta.ws.rs.core.Response;
import org.keycloak.services.ErrorResponse;

/** The paging parameters every listing of this API takes: {@code first} 0 or more, {@code max} 1 to 1000. */
final class Paging {

    private Paging() {
    }

    static void check(int first, int max) {
        if (first < 0 || max < 1 || max > MemberQueries.MAX_PAGE) {
            throw ErrorResponse.error("first must be 0 or more and max between 1 and " + MemberQueries.MAX_PAGE,
                    Response.Status.BAD_REQUEST);
        }
    }
}
