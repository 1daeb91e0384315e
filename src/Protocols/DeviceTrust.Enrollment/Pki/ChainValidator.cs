using System.Security.Cryptography.X509Certificates;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>
/// Checks that a certificate chains to one trust anchor at a given time: names and signatures link each certificate
/// to its issuer, every issuer is a CA allowed to sign certificates within its path length, and every certificate
/// including the anchor is within its validity. A subset of RFC 5280 6.1 (no policy, name-constraint or revocation
/// processing), enough to judge IDevIDs against a manufacturer CA (RFC 8995 5.5).
/// </summary>
public static class ChainValidator
{
    private const int MaxDepth = 8;

    public static ChainValidationResult Validate(X509Certificate2 certificate, X509Certificate2 trustAnchor,
        DateTimeOffset at, IEnumerable<X509Certificate2>? intermediates = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(trustAnchor);
        var anchor = Node.Of(trustAnchor);
        var pool = (intermediates ?? []).Select(Node.Of).ToList();

        // Path from the certificate up to (and including) the anchor.
        var path = new List<Node> { Node.Of(certificate) };
        while (!path[^1].Dotnet.RawData.AsSpan().SequenceEqual(anchor.Dotnet.RawData))
        {
            var child = path[^1];
            if (path.Count > MaxDepth)
                return ChainValidationResult.Fail(ChainFailure.WrongIssuer, $"no path to the trust anchor within {MaxDepth} certificates", child.Dotnet);
            var candidates = pool.Prepend(anchor).Where(c => c.Bc.SubjectDN.Equivalent(child.Bc.IssuerDN)).ToList();
            if (candidates.Count == 0)
                return ChainValidationResult.Fail(ChainFailure.WrongIssuer,
                    $"issuer '{child.Dotnet.Issuer}' of '{child.Dotnet.Subject}' is not the trust anchor '{trustAnchor.Subject}' or a supplied intermediate",
                    child.Dotnet);
            // Said apart from a bad signature, so a manufacturer whose chain uses, say, RSASSA-PSS or Ed25519 learns why.
            if (!DotNetSignatures.Supports(child.Bc.SigAlgOid))
                return ChainValidationResult.Fail(ChainFailure.BadSignature,
                    $"'{child.Dotnet.Subject}' is signed with algorithm {child.Bc.SigAlgOid}, which this domain does not accept (ECDSA or RSA PKCS#1 v1.5 with SHA-2)",
                    child.Dotnet);
            var issuer = candidates.FirstOrDefault(c => SignedBy(child, c));
            if (issuer is null)
                return ChainValidationResult.Fail(ChainFailure.BadSignature,
                    $"signature of '{child.Dotnet.Subject}' does not verify with the key of '{candidates[0].Dotnet.Subject}'", child.Dotnet);
            pool.Remove(issuer);
            path.Add(issuer);
        }
        return CheckIssuers(path) ?? CheckValidity(path, at) ?? new ChainValidationResult(ChainFailure.None, "valid", null,
            path.Select(n => n.Dotnet).ToList());
    }

    private static ChainValidationResult? CheckIssuers(List<Node> path)
    {
        for (var i = 1; i < path.Count; i++)
        {
            var issuer = path[i];
            var pathLength = issuer.Bc.GetBasicConstraints();
            if (pathLength < 0)
                return ChainValidationResult.Fail(ChainFailure.NotCa, $"'{issuer.Dotnet.Subject}' is not a CA (basicConstraints cA is not TRUE)", issuer.Dotnet);
            if (issuer.Bc.GetKeyUsage() is { } usage && !usage[5])
                return ChainValidationResult.Fail(ChainFailure.NotCa, $"'{issuer.Dotnet.Subject}' keyUsage lacks keyCertSign", issuer.Dotnet);
            // CA certificates strictly between this issuer and the end entity (RFC 5280 4.2.1.9).
            var casBelow = i - 1;
            if (casBelow > pathLength)
                return ChainValidationResult.Fail(ChainFailure.PathLengthExceeded,
                    $"'{issuer.Dotnet.Subject}' allows {pathLength} CA certificate(s) below it, the path has {casBelow}", issuer.Dotnet);
        }
        return null;
    }

    private static ChainValidationResult? CheckValidity(List<Node> path, DateTimeOffset at)
    {
        var time = at.UtcDateTime;
        foreach (var node in path)
        {
            if (time < node.Bc.NotBefore)
                return ChainValidationResult.Fail(ChainFailure.NotYetValid,
                    $"'{node.Dotnet.Subject}' is not valid before {node.Bc.NotBefore:O} (checked at {time:O})", node.Dotnet);
            if (time > node.Bc.NotAfter)
                return ChainValidationResult.Fail(ChainFailure.Expired,
                    $"'{node.Dotnet.Subject}' expired at {node.Bc.NotAfter:O} (checked at {time:O})", node.Dotnet);
        }
        return null;
    }

    private static bool SignedBy(Node child, Node issuer)
    {
        var key = VerifiedSignatures.KeyOf(child.Dotnet.RawData, issuer.Bc.SubjectPublicKeyInfo.GetDerEncoded());
        if (VerifiedSignatures.Contains(key)) return true;
        try
        {
            if (!child.Bc.IsSignatureValid(DotNetSignatures.Verifier(issuer.Bc))) return false;
        }
        catch (Exception e) when (BcInterop.IsDecodeFailure(e))
        {
            return false;
        }
        VerifiedSignatures.Add(key);
        return true;
    }

    private sealed record Node(X509Certificate2 Dotnet, BcCertificate Bc)
    {
        public static Node Of(X509Certificate2 certificate) => new(certificate, BcInterop.ToBouncy(certificate));
    }
}
