using System.Collections.Concurrent;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>
/// A CA's private key, decoded once from PKCS#8 (RFC 5208) and kept as key parameters. A signature borrows a key object
/// from a small pool and returns it: .NET does not promise that one key object signs on several threads at once, and
/// making one from parameters costs OpenSSL 3 more than the ECDSA signature itself.
/// </summary>
internal sealed class SigningKey
{
    private readonly ECParameters? _ec;
    private readonly RSAParameters? _rsa;

    /// <summary>Idle key objects; as many as signed at once at the busiest moment, at most <see cref="PoolLimit"/> kept.</summary>
    private readonly ConcurrentBag<AsymmetricAlgorithm> _idle = [];

    private static readonly int PoolLimit = 2 * Environment.ProcessorCount;

    private SigningKey(ECParameters? ec, RSAParameters? rsa)
    {
        _ec = ec;
        _rsa = rsa;
    }

    /// <exception cref="CryptographicException">Not an EC or RSA PKCS#8 private key.</exception>
    public static SigningKey FromPkcs8(byte[] pkcs8)
    {
        var algorithm = PrivateKeyInfo.GetInstance(pkcs8).PrivateKeyAlgorithm.Algorithm;
        if (algorithm.Equals(X9ObjectIdentifiers.IdECPublicKey))
        {
            using var ec = ECDsa.Create();
            ec.ImportPkcs8PrivateKey(pkcs8, out _);
            return new SigningKey(ec.ExportParameters(includePrivateParameters: true), null);
        }
        if (algorithm.Equals(PkcsObjectIdentifiers.RsaEncryption))
        {
            using var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(pkcs8, out _);
            return new SigningKey(null, rsa.ExportParameters(includePrivateParameters: true));
        }
        throw new CryptographicException($"Private key algorithm {algorithm.Id} is neither EC nor RSA.");
    }

    /// <summary>
    /// Whether <paramref name="subjectPublicKeyInfo"/> (a certificate's) is this key's public half, compared by key value,
    /// not by encoding: a certificate may carry the same EC point compressed or the curve by explicit parameters.
    /// </summary>
    public bool Matches(byte[] subjectPublicKeyInfo)
    {
        try
        {
            if (_ec is { } ec)
            {
                using var other = ECDsa.Create();
                other.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
                var q = other.ExportParameters(includePrivateParameters: false).Q;
                return q.X.AsSpan().SequenceEqual(ec.Q.X) && q.Y.AsSpan().SequenceEqual(ec.Q.Y);
            }
            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            var key = rsa.ExportParameters(includePrivateParameters: false);
            return key.Modulus.AsSpan().SequenceEqual(_rsa!.Value.Modulus) && key.Exponent.AsSpan().SequenceEqual(_rsa.Value.Exponent);
        }
        catch (CryptographicException)
        {
            // Not a key of this kind at all.
            return false;
        }
    }

    /// <summary>Runs <paramref name="sign"/> with a signature factory over this key (see <see cref="DotNetSignatures"/>).</summary>
    public T Sign<T>(Func<ISignatureFactory, T> sign)
    {
        if (!_idle.TryTake(out var key)) key = _ec is { } ec ? ECDsa.Create(ec) : RSA.Create(_rsa!.Value);
        try
        {
            return sign(DotNetSignatures.SignatureFactory(key));
        }
        finally
        {
            if (_idle.Count < PoolLimit) _idle.Add(key);
            else key.Dispose();
        }
    }
}
