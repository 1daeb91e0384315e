namespace DeviceTrust.Domain;

/// <summary>A rule of the domain was broken: an illegal transition, an invalid value.</summary>
public class DomainException(string message) : Exception(message);
