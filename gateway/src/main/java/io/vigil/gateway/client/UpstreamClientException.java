package io.vigil.gateway.client;

import io.vigil.contracts.Problem;

/** The upstream refused the request itself (4xx): the caller's problem, passed through, never a circuit failure. */
public class UpstreamClientException extends UpstreamException {

    UpstreamClientException(String upstream, Problem problem) {
        super(upstream, problem);
    }
}
