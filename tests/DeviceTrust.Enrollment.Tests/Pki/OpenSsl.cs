using System.Diagnostics;

namespace DeviceTrust.Enrollment.Tests.Pki;

/// <summary>Runs the real openssl CLI in a temporary directory, with a timeout. Missing openssl fails the test.</summary>
public sealed class OpenSsl : IDisposable
{
    private const string Executable = "/usr/bin/openssl";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public OpenSsl()
    {
        Assert.True(File.Exists(Executable),
            $"The interop tests need the openssl CLI at {Executable} (Debian: apt-get install openssl); it is missing.");
        Directory = System.IO.Directory.CreateTempSubdirectory("devicetrust-enrollment-").FullName;
    }

    public string Directory { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public void Write(string name, byte[] content) => File.WriteAllBytes(PathOf(name), content);

    public void Write(string name, string content) => File.WriteAllText(PathOf(name), content);

    public byte[] Read(string name) => File.ReadAllBytes(PathOf(name));

    public record Result(int ExitCode, string StdOut, string StdErr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{StdOut}\nstderr:\n{StdErr}";
    }

    public Result Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"openssl {string.Join(' ', arguments)} did not finish within {Timeout.TotalSeconds} s");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs and asserts exit code 0, showing openssl's output otherwise.</summary>
    public Result Succeeds(params string[] arguments)
    {
        var result = Run(arguments);
        Assert.True(result.ExitCode == 0, $"openssl {string.Join(' ', arguments)} failed:\n{result}");
        return result;
    }

    public static string AtTime(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
