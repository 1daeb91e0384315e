using DeviceTrust.Application.Accounts.ApiTokens;
using DeviceTrust.Application.Accounts.ApiTokens.CreateApiToken;
using DeviceTrust.Application.Accounts.ApiTokens.RevokeApiToken;
using DeviceTrust.Application.Accounts.Users;
using DeviceTrust.Application.Accounts.Users.ChangeUserRole;
using DeviceTrust.Application.Audit;
using DeviceTrust.Application.Fleet.ChangeDeviceState;
using DeviceTrust.Application.Fleet.FleetSummary;
using DeviceTrust.Application.Fleet.GetDevice;
using DeviceTrust.Application.Fleet.ListDevices;
using DeviceTrust.Application.Fleet.RegisterDevice;
using DeviceTrust.Application.Fleet.Telemetry;
using DeviceTrust.Application.TrustAnchors;
using DeviceTrust.Application.TrustAnchors.AddTrustAnchor;
using DeviceTrust.Application.TrustAnchors.CreateTpa;
using DeviceTrust.Application.TrustAnchors.GrantTpaRights;
using DeviceTrust.Application.TrustAnchors.RetireTrustAnchor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace DeviceTrust.Application;

public static class DependencyInjection
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<Common.IDomainEventHandler, Provisioning.Certificates.RevokeCertificatesOfRevokedDevice>();
        services.AddSingleton<FleetMetrics>();
        services.AddSingleton<AuditQueries>();
        services.AddSingleton<ListDevicesHandler>();
        services.AddSingleton<GetDeviceHandler>();
        services.AddSingleton<FleetSummaryHandler>();
        services.AddSingleton<RegisterDeviceHandler>();
        services.AddSingleton<ChangeDeviceStateHandler>();
        services.AddSingleton<Fleet.ReleaseDevice.ReleaseDeviceHandler>();
        services.AddSingleton<DeviceAuthenticator>();
        services.AddSingleton<DeviceReportBatchWriter>();
        services.AddSingleton<CreateApiTokenHandler>();
        services.AddSingleton<RevokeApiTokenHandler>();
        services.AddSingleton<ApiTokenQueries>();
        services.AddSingleton<ApiTokenAuthenticator>();
        services.AddSingleton<Provisioning.Manufacturers.SimulatedFleetQuery>();
        services.AddSingleton<AddTrustAnchorHandler>();
        services.AddSingleton<RetireTrustAnchorHandler>();
        services.AddSingleton<CreateTpaHandler>();
        services.AddSingleton<GrantTpaRightsHandler>();
        services.AddSingleton<TrustAnchorQueries>();
        services.AddSingleton<Attestation.Keys.RegisterAttestationKeyHandler>();
        services.AddSingleton<Attestation.Keys.RetireAttestationKeyHandler>();
        services.AddSingleton<Attestation.Keys.AttestationKeyQueries>();
        services.AddSingleton<Attestation.ReferenceValues.ReferenceValueHandlers>();
        services.AddSingleton<Attestation.ReferenceValues.ReferenceValueQueries>();
        services.AddSingleton<Attestation.Verifier.AttestationResultSigner>();
        services.AddSingleton<Attestation.Verifier.ChallengeResponseVerifier>();
        services.AddSingleton<Attestation.Verifier.VerdictConsequences>();
        services.AddSingleton<Attestation.Verifier.AttestationRequests>();
        services.AddSingleton<Attestation.Policies.AttestationPolicies>();
        // The web host replaces it with its device hub.
        services.TryAddSingleton<Attestation.Verifier.IDeviceAttestationChannel, Attestation.Verifier.NoDeviceConnections>();
        services.AddSingleton<Attestation.History.AppraisalQueries>();
        services.AddSingleton<Attestation.History.RelyingPartyQueries>();
        services.AddSingleton<Attestation.Verifier.SessionPruning>();
        services.AddSingleton<Provisioning.DomainPki>();
        services.AddSingleton<Updates.Catalog.FirmwareAuthorKey>();
        services.AddSingleton<Updates.Catalog.PublishFirmwareHandler>();
        services.AddSingleton<Updates.Catalog.FirmwareCatalogQueries>();
        services.AddSingleton<Fleet.Groups.DeviceGroupQueries>();
        services.AddSingleton<Updates.Rollouts.RolloutPlanner>();
        services.AddSingleton<Updates.Rollouts.RolloutHandlers>();
        services.AddSingleton<Updates.Rollouts.RolloutQueries>();
        services.AddSingleton<Updates.Rollouts.RolloutConductor>();
        services.AddSingleton<Updates.Rollouts.UpdateReports>();
        services.AddSingleton<Updates.Catalog.DeviceTrustAnchors>();
        // The web host replaces it with its device hub.
        services.TryAddSingleton<Updates.Rollouts.IDeviceUpdateChannel, Updates.Rollouts.NoDeviceUpdates>();
        services.AddOptions<Updates.Rollouts.RolloutOptions>().BindConfiguration(Updates.Rollouts.RolloutOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Updates.Catalog.FirmwareCatalogOptions>().BindConfiguration(Updates.Catalog.FirmwareCatalogOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Provisioning.BrskiOptions>().BindConfiguration(Provisioning.BrskiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Provisioning.Manufacturers.SimulatedManufacturers>();
        services.AddSingleton<Provisioning.Registrar.EmbeddedMasaEndpoint>();
        services.AddSingleton<Provisioning.Registrar.BrskiRegistrar>();
        services.AddSingleton<Provisioning.Masa.EmbeddedMasa>();
        services.AddSingleton<Attestation.Vendor.EmbeddedVendorVerifier>();
        services.AddSingleton<Attestation.Vendor.EmbeddedVendorVerifierEndpoint>();
        services.AddSingleton<Attestation.Vendor.VendorVerification>();
        services.AddSingleton<Attestation.Verifier.AppraisalCommits>();
        services.AddSingleton<Provisioning.Est.EstEnrollment>();
        services.AddSingleton<Provisioning.Enrollments.PledgeDecisions>();
        services.AddSingleton<Provisioning.Enrollments.EnrollmentQueries>();
        services.AddSingleton<Provisioning.Certificates.CertificateRevocation>();
        services.AddOptions<Provisioning.PkiOptions>().BindConfiguration(Provisioning.PkiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<Refusals.RefusalOptions>().BindConfiguration(Refusals.RefusalOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Refusals.RefusalMetrics>();
        services.AddSingleton<Refusals.RecordRefusals.RecordRefusalsHandler>();
        services.AddSingleton<Refusals.ListRefusals.RefusalQueries>();
        services.AddSingleton<Refusals.AcknowledgeRefusal.AcknowledgeRefusalHandler>();
        // Scoped: the identity store behind IIdentityService is.
        services.AddScoped<UserQueries>();
        services.AddScoped<ChangeUserRoleHandler>();
        return builder;
    }
}
