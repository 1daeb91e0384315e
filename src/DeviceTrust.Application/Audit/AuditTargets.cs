namespace DeviceTrust.Application.Audit;

/// <summary>The target types and actions the audit trail uses, in one place so pages and queries agree.</summary>
public static class AuditTargets
{
    public const string Device = "device";
    public const string User = "user";
    public const string ApiToken = "api-token";
    public const string TrustAnchor = "trust-anchor";
    public const string ProvisioningAuthority = "tpa";
    public const string Refusal = "refusal";
    public const string ReferenceValue = "reference-value";
    public const string DeviceClass = "device-class";
    public const string FirmwareRelease = "firmware-release";
    public const string Rollout = "rollout";
}

public static class AuditActions
{
    public const string DeviceRegistered = "device.registered";
    public const string DeviceStateChanged = "device.state-changed";
    public const string DeviceAuthenticationFailed = "device.authentication-failed";
    public const string UserSignedIn = "user.signed-in";
    public const string UserSignInFailed = "user.sign-in-failed";
    public const string UserSignedOut = "user.signed-out";
    public const string UserRoleChanged = "user.role-changed";
    public const string ApiTokenCreated = "api-token.created";
    public const string ApiTokenRevoked = "api-token.revoked";
    public const string TrustAnchorAdded = "trust-anchor.added";
    public const string TrustAnchorRetired = "trust-anchor.retired";
    public const string TrustAnchorScopeChanged = "trust-anchor.scope-changed";
    public const string TpaCreated = "tpa.created";
    public const string TpaGranted = "tpa.granted";
    public const string TpaGrantRevoked = "tpa.grant-revoked";
    public const string DomainPkiCreated = "pki.created";
    public const string SimulatedManufacturerCreated = "manufacturer.simulated";
    public const string DevelopmentIdevidMinted = "idevid.minted";
    public const string PledgeHeld = "brski.pledge-held";
    public const string PledgeApproved = "brski.pledge-approved";
    public const string PledgeRejected = "brski.pledge-rejected";
    public const string VoucherIssued = "brski.voucher-issued";
    public const string VoucherStatusReported = "brski.voucher-status";
    public const string EnrollStatusReported = "brski.enroll-status";
    public const string CertificateIssued = "est.certificate-issued";
    public const string CertificateRevoked = "certificate.revoked";
    public const string RefusalFirstSeen = "refusal.first-seen";
    public const string RefusalAcknowledged = "refusal.acknowledged";
    public const string AttestationKeyAdded = "attestation-key.added";
    public const string AttestationKeyRetired = "attestation-key.retired";
    public const string ReferenceValueAdded = "reference-value.added";
    public const string ReferenceValueRemoved = "reference-value.removed";
    public const string FirmwareReleasePublished = "firmware-release.published";
    public const string FirmwareReleaseWithdrawn = "firmware-release.withdrawn";
    /// <summary>"rollout.created", "rollout.approved", ... one per <see cref="Domain.Updates.RolloutDecision"/>, kebab-cased.</summary>
    public const string RolloutPrefix = "rollout.";
    /// <summary>A what-if run of a planned rollout (targeted at its release: no rollout exists).</summary>
    public const string WhatIfRun = RolloutPrefix + "what-if-run";
    /// <summary>"device.update-offered", "device.update-installed", ... one per <see cref="Domain.Updates.RolloutTargetStatus"/>.</summary>
    public const string DeviceUpdatePrefix = "device.update-";

    public static string Rollout(Domain.Updates.RolloutDecision decision) => RolloutPrefix + Kebab(decision.ToString());

    public static string DeviceUpdate(Domain.Updates.RolloutTargetStatus status) => DeviceUpdatePrefix + Kebab(status.ToString());

    private static string Kebab(string name) => string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
    public const string DeviceAttested = "attestation.appraised";
    public const string AttestationReplayRefused = "attestation.replay-refused";
    public const string SimulatorFaultsChanged = "simulator.faults-changed";
    public const string AttestationRequested = "attestation.requested";
    public const string AttestationPolicyChanged = "attestation-policy.changed";
}
