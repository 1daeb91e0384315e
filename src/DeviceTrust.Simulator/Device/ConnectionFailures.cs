using System.Net;

namespace DeviceTrust.Simulator.Device;

internal static class ConnectionFailures
{
    /// <summary>
    /// True when the server refused the device's credentials. The SignalR client may wrap the negotiate failure
    /// (one inner exception per transport it tried), so the whole exception tree is searched.
    /// </summary>
    public static bool IsRejection(Exception? exception) => exception switch
    {
        null => false,
        HttpRequestException { StatusCode: HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsRejection),
        _ => IsRejection(exception.InnerException),
    };
}
