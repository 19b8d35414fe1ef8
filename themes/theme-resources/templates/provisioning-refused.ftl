<#-- Keycloak Provisioning: a brokered login refused by the organization's provisioning policy.
     Rendered inside the realm's login theme (theme-resources templates are available to every login theme). -->
<#import "template.ftl" as layout>
<@layout.registrationLayout displayMessage=false displayInfo=true; section>
    <#if section = "header">
        ${msg("provisioningRefusedTitle")}
    <#elseif section = "form">
        <div id="provisioning-refused" data-provisioning-reason="${provisioningReason}">
            <p id="provisioning-refused-message">${msg(provisioningMessage, provisioningTier)}</p>
            <p id="provisioning-refused-contact">
                <#if provisioningContact?has_content>
                    ${msg("provisioningContact", provisioningContact)}
                <#else>
                    ${msg("provisioningContactDefault")}
                </#if>
            </p>
        </div>
    <#elseif section = "info">
        <#if client?? && client.baseUrl?has_content>
            <p><a id="backToApplication" href="${client.baseUrl}">${kcSanitize(msg("backToApplication"))?no_esc}</a></p>
        </#if>
    </#if>
</@layout.registrationLayout>
