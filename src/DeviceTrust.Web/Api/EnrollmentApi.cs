using DeviceTrust.Application.Common;
using DeviceTrust.Application.Provisioning.Certificates;
using DeviceTrust.Application.Provisioning.Enrollments;
using DeviceTrust.Application.Provisioning.Manufacturers;
using DeviceTrust.Domain.Provisioning;
using DeviceTrust.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DeviceTrust.Web.Api;

public sealed record DecisionBody(string Reason);

public sealed record RevokeDeviceBody(CertificateRevocationReason Reason, string Comment);

/// <param name="ValiditySeconds">Optional: how long the IDevID is valid (default Brski:DevelopmentIdevidValidityDays), e.g. 1 to test an expired one.</param>
public sealed record MintIdevidBody(string SerialNumber, int? ValiditySeconds = null);

internal static class EnrollmentApi
{
    public static RouteGroupBuilder MapEnrollmentApi(this RouteGroupBuilder api)
    {
        var enrollments = api.MapGroup("/enrollments").WithTags("Enrollment");
        enrollments.MapGet("/", (EnrollmentQueries q, CancellationToken ct, PledgeStatus? status = null, int page = 0, int pageSize = 50) =>
                q.ListAsync(status is { } s ? [s] : [], page, pageSize, ct))
            .WithName("ListEnrollments")
            .WithSummary("A page of pledges' bootstraps, most recently active first; filter by status (AwaitingApproval for the queue); page from 0, pageSize 1-500.");
        enrollments.MapPost("/{id:guid}/approve", async Task<NoContent> (Guid id, DecisionBody body, PledgeDecisions d, HttpContext http, CancellationToken ct) =>
            {
                await d.ApproveAsync(id, body.Reason, http.User.ToActor(), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Operator).WithName("ApproveEnrollment").WithSummary("Lets a held pledge get its voucher (Operator).");
        enrollments.MapPost("/{id:guid}/reject", async Task<NoContent> (Guid id, DecisionBody body, PledgeDecisions d, HttpContext http, CancellationToken ct) =>
            {
                await d.RejectAsync(id, body.Reason, http.User.ToActor(), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Operator).WithName("RejectEnrollment").WithSummary("Refuses a held pledge; it is answered 403 from then on (Operator).");
        enrollments.MapGet("/{id:guid}/voucher", async Task<Results<FileContentHttpResult, NotFound>> (Guid id, EnrollmentQueries q, CancellationToken ct) =>
                await q.VoucherAsync(id, ct) is { } v
                    ? TypedResults.File(v.Voucher, v.MediaType, $"voucher-{v.SerialNumber}.{(v.MediaType.EndsWith("cose", StringComparison.Ordinal) ? "cose" : "cms")}")
                    : TypedResults.NotFound())
            .WithName("GetVoucher").WithSummary("The signed voucher the pledge received, as issued by the MASA.");

        var certificates = api.MapGroup("/certificates").WithTags("Enrollment");
        certificates.MapGet("/", (EnrollmentQueries q, CancellationToken ct, Guid? deviceId = null, bool revokedOnly = false, int page = 0, int pageSize = 50) =>
                q.CertificatesAsync(deviceId, revokedOnly, page, pageSize, ct))
            .WithName("ListCertificates").WithSummary("A page of the certificates this domain issued, newest first; page from 0, pageSize 1-500.");
        certificates.MapGet("/{id:guid}/pem", async Task<Results<ContentHttpResult, NotFound>> (Guid id, EnrollmentQueries q, CancellationToken ct) =>
                await q.CertificateDerAsync(id, ct) is { } der
                    ? TypedResults.Text(System.Security.Cryptography.PemEncoding.WriteString("CERTIFICATE", der), "application/x-pem-file")
                    : TypedResults.NotFound())
            .WithName("GetCertificatePem");
        api.MapPost("/devices/{id:guid}/revoke", async Task<NoContent> (Guid id, RevokeDeviceBody body, CertificateRevocation r, HttpContext http, CancellationToken ct) =>
            {
                await r.RevokeDeviceAsync(id, body.Reason, body.Comment, http.User.ToActor(), ct);
                return TypedResults.NoContent();
            })
            .WithTags("Enrollment").RequireAuthorization(Policies.Operator).WithName("RevokeDevice")
            .WithSummary("Revokes every certificate of the device (they go on the CRL) and moves it to Revoked (Operator).");
        api.MapGet("/masa/log", (EnrollmentQueries q, CancellationToken ct, int page = 0, int pageSize = 100) => q.MasaLogAsync(page, pageSize, ct))
            .WithTags("Enrollment").WithName("MasaLog").WithSummary("A page of the embedded DEV-ONLY MASA's log of voucher decisions, newest first.");
        return api;
    }

    /// <summary>Development only: mint DEV-ONLY IDevIDs of simulated manufacturers for QA and interop tests.</summary>
    public static RouteGroupBuilder MapDevelopmentApi(this RouteGroupBuilder api)
    {
        api.MapPost("/dev/manufacturers/{name}/idevids", async Task<Created<MintedIdevid>> (string name, MintIdevidBody body, SimulatedManufacturers m, HttpContext http,
                CancellationToken ct) =>
            {
                var minted = await m.MintIdevidAsync(name, body.SerialNumber ?? "", http.User.ToActor(), ct,
                    body.ValiditySeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
                return TypedResults.Created((string?)null, minted);
            })
            .RequireAuthorization(Policies.SecurityOfficer).WithTags("Development").WithName("MintDevelopmentIdevid")
            .WithSummary("DEV-ONLY: a private key, IDevID and chain for a serial, from a simulated manufacturer's CA, plus its MASA certificate (SecurityOfficer).");
        return api;
    }
}
