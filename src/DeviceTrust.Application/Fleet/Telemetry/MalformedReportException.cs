namespace DeviceTrust.Application.Fleet.Telemetry;

/// <summary>A device message that is not what the hub contract says; names the defect.</summary>
public sealed class MalformedReportException(string message) : Exception(message);
