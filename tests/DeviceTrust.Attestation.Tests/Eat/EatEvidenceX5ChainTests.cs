using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;

namespace DeviceTrust.Attestation.Tests.Eat;

/// <summary>
/// Evidence carrying its key's endorsement as x5chain (RFC 9360 §2) in the protected header, so a verifier that does not
/// know the kid yet can accept a key an endorsement anchor vouches for.
/// </summary>
public sealed class EatEvidenceX5ChainTests
{
    [Fact]
    public void Build_OneCertificate_X5ChainIsABareBstrInTheProtectedHeader_LeafCertifiesTheKid()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = SelfSigned("CN=ACME-T1-TKY-00001 attestation key", key);

        var encoded = EatEvidence.Build(EatSamples.DeviceTrust(), key, new EatEvidenceOptions { X5Chain = [leaf.RawData] });
        var token = EatEvidence.Read(encoded);

        Assert.Equal(CborReaderState.ByteString, X5ChainState(token));
        var chain = token.Message.ProtectedHeaders.GetCertificates(CoseHeaderLabels.X5Chain);
        Assert.Equal(leaf.RawData, Assert.Single(chain));
        Assert.Empty(token.Message.UnprotectedHeaders.GetCertificates(CoseHeaderLabels.X5Chain));
        using var certified = X509CertificateLoader.LoadCertificate(chain[0]).GetECDsaPublicKey()!;
        Assert.True(EatEvidence.KeyIdMatches(token, certified));
        Assert.True(token.VerifySignature(certified));
    }

    [Fact]
    public void Build_LeafAndIssuer_X5ChainIsAnArrayLeafFirst()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = SelfSigned("CN=Acme Attestation Endorsement CA", caKey, isCa: true);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        using var leaf = new CertificateRequest("CN=ACME-T1-TKY-00001 attestation key", key, HashAlgorithmName.SHA256)
            .Create(ca, now.AddMinutes(-1), now.AddDays(1), [1, 2, 3, 4]);

        var token = EatEvidence.Read(EatEvidence.Build(EatSamples.DeviceTrust(), key, new EatEvidenceOptions { X5Chain = [leaf.RawData, ca.RawData] }));

        Assert.Equal(CborReaderState.StartArray, X5ChainState(token));
        Assert.Equal([leaf.RawData, ca.RawData], token.Message.ProtectedHeaders.GetCertificates(CoseHeaderLabels.X5Chain));
        Assert.True(token.VerifySignature(key));
        Assert.True(DeviceTrustEatProfile.Check(token.Claims).Conforms);
    }

    [Fact]
    public void Build_NoChain_NoX5ChainHeader()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var token = EatEvidence.Read(EatEvidence.Build(EatSamples.DeviceTrust(), key, new EatEvidenceOptions { X5Chain = [] }));

        Assert.False(token.Message.ProtectedHeaders.Contains(CoseHeaderLabels.X5Chain));
    }

    [Fact]
    public void Build_EmptyCertificate_ArgumentException()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Throws<ArgumentException>(() => EatEvidence.Build(EatSamples.DeviceTrust(), key, new EatEvidenceOptions { X5Chain = [[]] }));
    }

    private static X509Certificate2 SelfSigned(string subject, ECDsa key, bool isCa = false)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (isCa)
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-1), now.AddDays(1));
    }

    /// <summary>How x5chain (33) is encoded in the protected header map as signed.</summary>
    private static CborReaderState X5ChainState(EatToken token)
    {
        var reader = new CborReader(token.Message.EncodedProtectedHeaders);
        var count = reader.ReadStartMap();
        for (var i = 0; i < count; i++)
        {
            var label = reader.ReadInt32();
            if (label == CoseHeaderLabels.X5Chain)
                return reader.PeekState();
            reader.SkipValue();
        }
        throw new Xunit.Sdk.XunitException("x5chain (33) is not in the protected header");
    }
}
