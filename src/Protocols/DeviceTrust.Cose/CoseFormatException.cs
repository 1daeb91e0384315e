namespace DeviceTrust.Cose;

/// <summary>
/// Malformed COSE input: what is wrong and where (for example "COSE_Sign1[0] protected header"). Lower-level
/// CBOR and cryptography exceptions are wrapped as the inner exception. Well-formed input that uses an algorithm
/// this library cannot process raises <see cref="NotSupportedException"/> instead; API misuse raises
/// <see cref="InvalidOperationException"/>.
/// </summary>
public sealed class CoseFormatException : Exception
{
    public CoseFormatException(string location, string problem, Exception? innerException = null)
        : base($"{location}: {problem}", innerException)
    {
        Location = location;
        Problem = problem;
    }

    /// <summary>Where in the structure the defect is, e.g. "COSE_Sign1[1] unprotected header".</summary>
    public string Location { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }
}
