using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>
/// A CA's private key, decoded once from PKCS#8 (RFC 5208) and kept as key parameters: each signature gets a key object
/// of its own (cheap from parameters), so concurrent issuance needs no lock and no key object outlives its use.
/// </summary>
internal sealed class SigningKey
{
    private readonly ECParameters? _ec;
    private readonly RSAParameters? _rsa;

    private SigningKey(ECParameters? ec, RSAParameters? rsa, byte[] subjectPublicKeyInfo)
    {
        _ec = ec;
        _rsa = rsa;
        SubjectPublicKeyInfo = subjectPublicKeyInfo;
    }

    /// <summary>The matching public key, DER.</summary>
    public byte[] SubjectPublicKeyInfo { get; }

    /// <exception cref="CryptographicException">Not an EC or RSA PKCS#8 private key.</exception>
    public static SigningKey FromPkcs8(byte[] pkcs8)
    {
        var algorithm = PrivateKeyInfo.GetInstance(pkcs8).PrivateKeyAlgorithm.Algorithm;
        if (algorithm.Equals(X9ObjectIdentifiers.IdECPublicKey))
        {
            using var ec = ECDsa.Create();
            ec.ImportPkcs8PrivateKey(pkcs8, out _);
            return new SigningKey(ec.ExportParameters(includePrivateParameters: true), null, ec.ExportSubjectPublicKeyInfo());
        }
        if (algorithm.Equals(PkcsObjectIdentifiers.RsaEncryption))
        {
            using var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(pkcs8, out _);
            return new SigningKey(null, rsa.ExportParameters(includePrivateParameters: true), rsa.ExportSubjectPublicKeyInfo());
        }
        throw new CryptographicException($"Private key algorithm {algorithm.Id} is neither EC nor RSA.");
    }

    /// <summary>Runs <paramref name="sign"/> with a signature factory over this key (see <see cref="DotNetSignatures"/>).</summary>
    public T Sign<T>(Func<ISignatureFactory, T> sign)
    {
        using AsymmetricAlgorithm key = _ec is { } ec ? ECDsa.Create(ec) : RSA.Create(_rsa!.Value);
        return sign(DotNetSignatures.SignatureFactory(key));
    }
}
