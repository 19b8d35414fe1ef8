package io.kcprovisioning.outbound;

import java.io.IOException;

/** One call to a target's SCIM API, relative to its base URL ({@link TargetHttp} in production). */
@FunctionalInterface
public interface ScimCalls {

    TargetHttp.Reply send(String method, String path, String jsonBody) throws IOException;
}
