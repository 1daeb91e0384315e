namespace DeviceTrust.Simulator.Provisioning;

/// <summary>
/// A refusal from the server: the HTTP status and, when the body is problem details (RFC 9457), its title and detail;
/// otherwise the start of the body as <see cref="Detail"/>.
/// </summary>
public sealed record ProtocolError(int Status, string? Title, string? Detail, string? Type = null)
{
    public bool IsClientError => Status is >= 400 and < 500;

    public override string ToString() =>
        $"HTTP {Status}" + (Title is null ? "" : $" {Title}") + (string.IsNullOrWhiteSpace(Detail) ? "" : $": {Detail}");
}

/// <summary>
/// What a device endpoint answered: the value, "held, ask again after <see cref="Pending.RetryAfter"/>" (HTTP 202 with
/// Retry-After, RFC 7030 4.2.3, RFC 8995 5.6), or a refusal.
/// </summary>
public abstract record ServerReply<T>
{
    private ServerReply()
    {
    }

    public sealed record Completed(T Value) : ServerReply<T>;

    public sealed record Pending(TimeSpan RetryAfter) : ServerReply<T>;

    public sealed record Refused(ProtocolError Error) : ServerReply<T>;
}
