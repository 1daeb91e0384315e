using System.Security.Cryptography;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose.Cbor;
using DeviceTrust.Cli.Network;

namespace DeviceTrust.Cli.Attestation;

/// <summary>Runs <c>eat decode</c> and <c>eat verify</c>: report to <paramref name="output"/>, problems to
/// <paramref name="error"/>, and the exit code (see <see cref="ExitCodes"/>).</summary>
public sealed class EatRunner(TextWriter output, TextWriter error)
{
    public int Decode(EatDecodeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run(request.FilePath, request.Json, (_, inspection) => (inspection, ExitCodes.Success));
    }

    public int Verify(EatVerifyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[]? nonce;
        ECDsa key;
        try
        {
            nonce = request.Nonce is null ? null : TextEncodings.ParseNonce(request.Nonce);
            key = AttestationKeys.ReadEcPublicKey(request.KeyPath, "--key");
        }
        catch (CliException e)
        {
            error.WriteLine($"error: {e.Message}");
            return e.ExitCode ?? ExitCodes.MalformedInput;
        }
        using (key)
        {
            return Run(request.FilePath, request.Json, (token, inspection) =>
            {
                var verification = Check(token, key, request.KeyPath, nonce);
                return (inspection with { Verification = verification },
                    verification.IsVerified ? ExitCodes.Success : ExitCodes.NotVerified);
            });
        }
    }

    private int Run(string path, bool json, Func<EatToken, EatInspection, (EatInspection, int)> check)
    {
        EatToken token;
        EatInspection inspection;
        byte[] file;
        try
        {
            file = CliFiles.ReadBytes(path, "FILE");
        }
        catch (CliException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.MalformedInput;
        }
        try
        {
            (token, inspection) = EatInspection.Decode(EatInput.Detect(file));
        }
        catch (CliException e)
        {
            error.WriteLine($"error: {path}: {e.Message}");
            return ExitCodes.MalformedInput;
        }
        catch (CborFormatException e)
        {
            var at = e.Offset is { } offset ? $" (byte {offset})" : "";
            error.WriteLine($"error: {path}: malformed EAT: {e.Where}{at}: {e.What}");
            return ExitCodes.MalformedInput;
        }

        var (report, exitCode) = check(token, inspection);
        if (json)
            EatJsonReport.Write(output, report);
        else
            EatTextReport.Write(output, report);
        if (report.Verification is { IsVerified: false } failed)
            error.WriteLine($"error: not verified: {string.Join("; ", failed.Failures())}");
        return exitCode;
    }

    private static EatVerification Check(EatToken token, ECDsa key, string keyPath, byte[]? nonce)
    {
        bool signature;
        string signatureDetail;
        try
        {
            signature = token.VerifySignature(key);
            signatureDetail = signature ? "valid" : "does not verify with the key";
        }
        catch (Exception e) when (e is NotSupportedException or CryptographicException or CborFormatException)
        {
            (signature, signatureDetail) = (false, $"cannot be checked: {e.Message}");
        }
        var keyId = Convert.ToHexStringLower(EatEvidence.KeyIdOf(key));
        var kidMatches = EatEvidence.KeyIdMatches(token, key);
        var kidDetail = kidMatches
            ? "names the key (SHA-256 of its SubjectPublicKeyInfo)"
            : token.KeyId is null
                ? $"absent; the key's kid is {keyId}"
                : $"{Convert.ToHexStringLower(token.KeyId)} does not name the key, whose kid is {keyId}";
        bool? nonceMatches = null;
        string? nonceDetail = null;
        if (nonce is not null)
        {
            nonceMatches = token.Claims.Nonce?.Any(n => CryptographicOperations.FixedTimeEquals(n, nonce)) ?? false;
            nonceDetail = nonceMatches.Value
                ? $"carries {Convert.ToHexStringLower(nonce)}"
                : token.Claims.Nonce is null
                    ? "the token has no eat_nonce"
                    : $"expected {Convert.ToHexStringLower(nonce)}, the token carries {string.Join(", ", token.Claims.Nonce.Select(Convert.ToHexStringLower))}";
        }
        return new EatVerification(keyPath, signature, signatureDetail, kidMatches, kidDetail, nonceMatches, nonceDetail);
    }
}
