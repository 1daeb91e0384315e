using System.Diagnostics;
using System.Text;

namespace DeviceTrust.Testing;

/// <summary>
/// Runs a script on Debian's Python (/usr/bin/python3 with python3-cbor2, python3-cryptography and python3-jwt, which
/// scripts/test.sh installs): an implementation we did not write, to check our CBOR, COSE and JOSE against. The script
/// gets its input on stdin and answers on stdout; a non-zero exit fails the test with its stderr. Missing Python fails.
/// </summary>
public static class DebianPython
{
    private const string Executable = "/usr/bin/python3";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="script"/> with <paramref name="stdin"/> and returns what it wrote to stdout.</summary>
    public static string Run(string script, string stdin = "")
    {
        Assert.True(File.Exists(Executable),
            $"These interop tests need Debian's Python at {Executable} (apt-get install python3-cbor2 python3-cryptography python3-jwt).");
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        // A user site or PYTHONPATH could shadow Debian's modules with other versions.
        start.Environment["PYTHONNOUSERSITE"] = "1";
        start.Environment.Remove("PYTHONPATH");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"python3 did not finish within {Timeout.TotalSeconds} s");
        }
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"python3 failed (exit {process.ExitCode}):\n{stderr.Result}\nstdout:\n{stdout.Result}");
        return stdout.Result;
    }

    /// <summary>Runs the script with hex on stdin (bytes for it to read with bytes.fromhex) and returns its stdout trimmed.</summary>
    public static string RunWithHex(string script, ReadOnlySpan<byte> input) => Run(script, Convert.ToHexString(input)).Trim();
}
