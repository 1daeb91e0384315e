using System.Security.Cryptography;
using DeviceTrust.Attestation.Eat;
using DeviceTrust.Cose;
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

    /// <summary>
    /// Verifies signed evidence with <see cref="EatVerifyRequest.KeyPath"/> or MACed evidence with
    /// <see cref="EatVerifyRequest.SecretPath"/>; the other kind for the token is a usage error (64), reported before
    /// anything is printed.
    /// </summary>
    public int Verify(EatVerifyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        byte[]? nonce;
        ECDsa? key = null;
        CoseSymmetricKey? secret = null;
        try
        {
            if ((request.KeyPath is null) == (request.SecretPath is null))
                throw new CliException("give exactly one of --key (signed evidence) and --secret (MACed evidence)", ExitCodes.Usage);
            nonce = request.Nonce is null ? null : TextEncodings.ParseNonce(request.Nonce);
            if (request.KeyPath is { } keyPath)
                key = AttestationKeys.ReadEcPublicKey(keyPath, "--key");
            else
                secret = VendorSecrets.ReadForVerifying(request.SecretPath!, "--secret");
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
                var verification = (token, key, secret) switch
                {
                    (EatToken signed, { } publicKey, _) => EatChecks.Signature(signed, publicKey, request.KeyPath!, nonce),
                    (EatMacToken maced, _, { } macKey) => EatChecks.Tag(maced, macKey, request.SecretPath!, nonce),
                    (EatMacToken, _, _) => throw new CliException($"{request.FilePath} is MACed evidence (COSE_Mac0): verify it with "
                        + "--secret, the device's factory secret, not --key", ExitCodes.Usage),
                    _ => throw new CliException($"{request.FilePath} is signed evidence (COSE_Sign1): verify it with --key, the "
                        + "attestation public key, not --secret", ExitCodes.Usage),
                };
                return (inspection with { Verification = verification },
                    verification.IsVerified ? ExitCodes.Success : ExitCodes.NotVerified);
            });
        }
    }

    private int Run(string path, bool json, Func<IEatToken, EatInspection, (EatInspection, int)> check)
    {
        IEatToken token;
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

        EatInspection report;
        int exitCode;
        try
        {
            (report, exitCode) = check(token, inspection);
        }
        catch (CliException e)
        {
            error.WriteLine($"error: {e.Message}");
            return e.ExitCode ?? ExitCodes.MalformedInput;
        }
        if (json)
            EatJsonReport.Write(output, report);
        else
            EatTextReport.Write(output, report);
        if (report.Verification is { IsVerified: false } failed)
            error.WriteLine($"error: not verified: {string.Join("; ", failed.Failures())}");
        return exitCode;
    }
}
