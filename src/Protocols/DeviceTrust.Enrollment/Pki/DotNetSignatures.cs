using System.Collections.Concurrent;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;

namespace DeviceTrust.Enrollment.Pki;

/// <summary>
/// BouncyCastle builds and parses the structures (certificates, CRLs, CMS, PKCS#10); the signatures in them are made and
/// checked by .NET (OpenSSL), plugged in through BouncyCastle's operator interfaces. BouncyCastle's managed P-256
/// arithmetic costs a millisecond or more per operation, OpenSSL's a small fraction of that, and every enrollment signs
/// and verifies a dozen times on each side. Supported: ECDSA with SHA-256/384/512 and RSA PKCS#1 v1.5 with SHA-2,
/// the algorithms this library issues and accepts (RFC 5758 3.2, RFC 4055 5).
/// </summary>
internal static class DotNetSignatures
{
    private static readonly Dictionary<string, (HashAlgorithmName Hash, bool IsEcdsa)> Algorithms = new()
    {
        [X9ObjectIdentifiers.ECDsaWithSha256.Id] = (HashAlgorithmName.SHA256, true),
        [X9ObjectIdentifiers.ECDsaWithSha384.Id] = (HashAlgorithmName.SHA384, true),
        [X9ObjectIdentifiers.ECDsaWithSha512.Id] = (HashAlgorithmName.SHA512, true),
        [PkcsObjectIdentifiers.Sha256WithRsaEncryption.Id] = (HashAlgorithmName.SHA256, false),
        [PkcsObjectIdentifiers.Sha384WithRsaEncryption.Id] = (HashAlgorithmName.SHA384, false),
        [PkcsObjectIdentifiers.Sha512WithRsaEncryption.Id] = (HashAlgorithmName.SHA512, false),
    };

    /// <summary>Whether a signature algorithm (its OID) is one this class makes and checks.</summary>
    public static bool Supports(string signatureAlgorithmOid) => Algorithms.ContainsKey(signatureAlgorithmOid);

    /// <summary>The digest and key type a signature algorithm OID names (ecdsa-with-SHA256, sha256WithRSAEncryption...).</summary>
    public static bool TryGetAlgorithm(string signatureAlgorithmOid, out (HashAlgorithmName Hash, bool IsEcdsa) algorithm) =>
        Algorithms.TryGetValue(signatureAlgorithmOid, out algorithm);

    /// <summary>Signs with <paramref name="key"/> (ECDSA: SHA-384 above 256-bit curves, else SHA-256; RSA: SHA-256).</summary>
    public static ISignatureFactory SignatureFactory(AsymmetricAlgorithm key) => key switch
    {
        ECDsa ec => new Factory(key, ec.KeySize > 256 ? X9ObjectIdentifiers.ECDsaWithSha384 : X9ObjectIdentifiers.ECDsaWithSha256),
        RSA => new Factory(key, PkcsObjectIdentifiers.Sha256WithRsaEncryption),
        _ => throw new ArgumentException($"Unsupported signing key type {key.GetType().Name}.", nameof(key)),
    };

    /// <summary>Verifies signatures made by the key of <paramref name="publicKey"/> (a SubjectPublicKeyInfo).</summary>
    public static IVerifierFactoryProvider Verifier(SubjectPublicKeyInfo publicKey) => new VerifierProvider(publicKey.GetDerEncoded());

    public static IVerifierFactoryProvider Verifier(X509Certificate issuer) => Verifier(issuer.SubjectPublicKeyInfo);

    private static (HashAlgorithmName Hash, bool IsEcdsa) AlgorithmOf(object algorithmDetails) =>
        algorithmDetails is AlgorithmIdentifier id && Algorithms.TryGetValue(id.Algorithm.Id, out var algorithm)
            ? algorithm
            : throw new CryptoException($"Signature algorithm {(algorithmDetails as AlgorithmIdentifier)?.Algorithm.Id ?? "?"} is not supported.");

    private sealed class Factory(AsymmetricAlgorithm key, DerObjectIdentifier algorithm) : ISignatureFactory
    {
        // RFC 5758 3.2: ECDSA algorithm identifiers omit the parameters; RFC 4055 5: RSA ones carry NULL.
        public object AlgorithmDetails { get; } = key is RSA ? new AlgorithmIdentifier(algorithm, DerNull.Instance) : new AlgorithmIdentifier(algorithm);

        public IStreamCalculator<IBlockResult> CreateCalculator() => new Calculator<IBlockResult>(data =>
        {
            var hash = AlgorithmOf(AlgorithmDetails).Hash;
            return new SimpleBlockResult(key switch
            {
                ECDsa ec => ec.SignData(data, hash, DSASignatureFormat.Rfc3279DerSequence),
                RSA rsa => rsa.SignData(data, hash, RSASignaturePadding.Pkcs1),
                _ => throw new InvalidOperationException("unreachable"),
            });
        });
    }

    private sealed class VerifierProvider(byte[] subjectPublicKeyInfo) : IVerifierFactoryProvider
    {
        public IVerifierFactory CreateVerifierFactory(object algorithmDetails) => new VerifierFactory(subjectPublicKeyInfo, algorithmDetails);
    }

    private sealed class VerifierFactory(byte[] subjectPublicKeyInfo, object algorithmDetails) : IVerifierFactory
    {
        public object AlgorithmDetails => algorithmDetails;

        public IStreamCalculator<IVerifier> CreateCalculator() => new Calculator<IVerifier>(data => new SignatureVerifier(subjectPublicKeyInfo, AlgorithmOf(algorithmDetails), data));
    }

    private sealed class SignatureVerifier(byte[] subjectPublicKeyInfo, (HashAlgorithmName Hash, bool IsEcdsa) algorithm, byte[] signed) : IVerifier
    {
        public bool IsVerified(byte[] data) => IsVerified(data, 0, data.Length);

        public bool IsVerified(byte[] source, int off, int length) =>
            PublicKeys.Verify(subjectPublicKeyInfo, algorithm.IsEcdsa, algorithm.Hash, signed, source.AsSpan(off, length));
    }

    /// <summary>Collects what BouncyCastle writes (the to-be-signed bytes), then computes the result over all of it.</summary>
    private sealed class Calculator<TResult>(Func<byte[], TResult> compute) : IStreamCalculator<TResult>
    {
        private readonly MemoryStream _stream = new();

        public Stream Stream => _stream;

        public TResult GetResult() => compute(_stream.ToArray());
    }
}
