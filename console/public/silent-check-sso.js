// Hands the authorization response back to keycloak-js in the parent window (an external file: the console's
// Content-Security-Policy allows no inline script).
parent.postMessage(location.href, location.origin);
