using System.Security.Cryptography;
using DeviceTrust.Cli.Attestation;
using DeviceTrust.Cose;
using DeviceTrust.Suit;

namespace DeviceTrust.Cli.Suit;

/// <summary>Runs <c>suit report</c>: the report to <paramref name="output"/>, problems to <paramref name="error"/>, and
/// the exit code as <c>suit verify</c> gives it (see <see cref="ExitCodes"/>).</summary>
public sealed class SuitReportRunner(TextWriter output, TextWriter error)
{
    /// <summary>Exit 0 decoded (and, with a key, verified); 1 when the signature does not verify with the key or the
    /// report is unsigned; 2 when the report or the key cannot be used.</summary>
    public int Run(SuitReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ECDsa? key = null;
        try
        {
            var input = SuitInput.Read(request.FilePath);
            key = request.KeyPath is { } keyPath ? AttestationKeys.ReadEcPublicKey(keyPath, "--key") : null;
            var inspection = SuitReportInspection.Decode(input);
            var check = key is null ? null : Check(inspection, request.KeyPath!, key);
            if (request.Json)
                SuitReportJsonReport.Write(output, inspection, check);
            else
                SuitReportTextReport.Write(output, inspection, check);
            if (check is null || check.Verified)
                return ExitCodes.Success;
            error.WriteLine($"error: not verified: {check.Reason}");
            return ExitCodes.NotVerified;
        }
        catch (CliException e)
        {
            error.WriteLine($"error: {e.Message}");
            return e.ExitCode ?? ExitCodes.MalformedInput;
        }
        catch (SuitFormatException e)
        {
            error.WriteLine($"error: {request.FilePath}: malformed SUIT report: {e.Message}");
            return ExitCodes.MalformedInput;
        }
        finally
        {
            key?.Dispose();
        }
    }

    private static SuitReportKeyCheck Check(SuitReportInspection inspection, string keyPath, ECDsa key)
    {
        if (inspection.Signed is not { } signed)
            return new(keyPath, false, "the report is unsigned (a bare SUIT_Report): there is no signature to verify");
        if (signed.Verify(key))
            return new(keyPath, true, null);
        return new(keyPath, false, signed.Message.Algorithm.Integer is CoseAlgorithms.ES256 or CoseAlgorithms.ESP256
            ? "signature does not verify"
            : $"the signature's algorithm {inspection.Algorithm} is not {CoseAlgorithms.Describe(CoseAlgorithms.ES256)} or {CoseAlgorithms.Describe(CoseAlgorithms.ESP256)}");
    }
}
