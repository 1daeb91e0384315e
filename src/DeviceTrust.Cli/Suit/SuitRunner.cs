using System.Security.Cryptography;
using DeviceTrust.Cli.Attestation;
using DeviceTrust.Cose;
using DeviceTrust.Suit;

namespace DeviceTrust.Cli.Suit;

/// <summary>Runs <c>suit inspect</c> and <c>suit verify</c>: report to <paramref name="output"/>, problems to
/// <paramref name="error"/>, and the exit code (see <see cref="ExitCodes"/>).</summary>
public sealed class SuitRunner(TextWriter output, TextWriter error)
{
    public int Inspect(SuitInspectRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run(request.FilePath, () => null, (_, inspection, _) =>
        {
            if (request.Json)
                SuitJsonReport.Write(output, inspection);
            else
                SuitTextReport.Write(output, inspection);
            return ExitCodes.Success;
        });
    }

    /// <summary>Exit 0 when the manifest digest, one signature and every severed member verify with the key; 1 with
    /// the reason when one does not; 2 when the envelope or the key cannot be used.</summary>
    public int Verify(SuitVerifyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Run(request.FilePath, () => AttestationKeys.ReadEcPublicKey(request.KeyPath, "--key"), (envelope, inspection, key) =>
        {
            var signatures = envelope.Authentication.Signatures;
            output.WriteLine($"SUIT envelope ({inspection.Length} bytes, {inspection.Wrapping}): manifest sequence number "
                + $"{envelope.Manifest.SequenceNumber}, {signatures.Count} signature(s)"
                + (signatures.Count == 0 ? "" : $" ({string.Join(", ", signatures.Select(s => Describe(s.Algorithm)))})"));
            var verification = envelope.Verify(key!);
            if (verification.IsVerified)
            {
                output.WriteLine($"Verification with {request.KeyPath}: VERIFIED (manifest digest, signature, severed members)");
                return ExitCodes.Success;
            }
            output.WriteLine($"Verification with {request.KeyPath}: NOT VERIFIED ({verification.Failure})");
            error.WriteLine($"error: not verified: {verification.Reason}");
            return ExitCodes.NotVerified;
        });
    }

    private static string Describe(CoseLabel algorithm) =>
        algorithm.Integer is { } number and >= int.MinValue and <= int.MaxValue ? CoseAlgorithms.Describe((int)number) : algorithm.ToString();

    private int Run(string path, Func<ECDsa?> readKey, Func<SuitEnvelope, SuitInspection, ECDsa?, int> act)
    {
        ECDsa? key = null;
        try
        {
            var input = SuitInput.Read(path);
            key = readKey();
            var (envelope, inspection) = SuitInspection.Decode(input);
            return act(envelope, inspection, key);
        }
        catch (CliException e)
        {
            error.WriteLine($"error: {e.Message}");
            return e.ExitCode ?? ExitCodes.MalformedInput;
        }
        catch (SuitFormatException e)
        {
            error.WriteLine($"error: {path}: malformed SUIT envelope: {e.Message}");
            return ExitCodes.MalformedInput;
        }
        finally
        {
            key?.Dispose();
        }
    }
}
