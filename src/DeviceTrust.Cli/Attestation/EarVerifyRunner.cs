using DeviceTrust.Attestation;
using DeviceTrust.Attestation.Ear;
using DeviceTrust.Cli.Network;

namespace DeviceTrust.Cli.Attestation;

/// <summary>What <c>ear verify</c> was asked to do.</summary>
public sealed record EarVerifyRequest(string FilePath, string KeyPath, bool Json);

/// <summary>Runs <c>ear verify</c>: report to <paramref name="output"/>, problems to <paramref name="error"/>, and
/// the exit code (see <see cref="ExitCodes"/>).</summary>
public sealed class EarVerifyRunner(TextWriter output, TextWriter error)
{
    public async Task<int> RunAsync(EarVerifyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        EarVerification verification;
        try
        {
            var key = AttestationKeys.ReadEarKey(request.KeyPath, "--key");
            var token = CliFiles.ReadText(request.FilePath, "FILE").Trim();
            verification = await EarJwt.VerifyAsync(token, key);
        }
        catch (CliException e)
        {
            return Fail(e.ExitCode ?? ExitCodes.MalformedInput, e.Message);
        }
        catch (AttestationFormatException e)
        {
            return Fail(ExitCodes.MalformedInput, $"{request.FilePath}: malformed EAR: {e.Where}: {e.What}");
        }
        catch (NotSupportedException e)
        {
            return Fail(ExitCodes.NotVerified, $"{request.FilePath}: not verified: {e.Message}");
        }

        if (request.Json)
            EarJsonReport.Write(output, request.KeyPath, verification);
        else
            EarTextReport.Write(output, request.KeyPath, verification);
        if (verification.IsVerified)
            return ExitCodes.Success;
        var why = verification.Failure == EarVerificationFailure.AlgorithmNotAllowed ? "algorithm not allowed" : "bad signature";
        return Fail(ExitCodes.NotVerified, $"not verified: {why}: {verification.Reason}");
    }

    private int Fail(int exitCode, string message)
    {
        error.WriteLine($"error: {message}");
        return exitCode;
    }
}
