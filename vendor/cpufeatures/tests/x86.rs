//! x86/x86_64 tests

#![cfg(any(target_arch = "x86", target_arch = "x86_64"))]

cpufeatures::new!(cpuid, "aes", "sha");

#[test]
fn init() {
    let token: cpuid::InitToken = cpuid::init();
    assert_eq!(token.get(), cpuid::get());
}

#[test]
fn init_get() {
    let (token, val) = cpuid::init_get();
    assert_eq!(val, token.get());
}

// chopvault's patch: the cached leaves are the CPU's answer (leaf 1's EBX
// holds the APIC id of whichever core answered, so it is left out).
#[cfg(not(miri))]
#[test]
fn cached_leaves_match_the_cpu() {
    for _ in 0..2 {
        let cached = cpufeatures::__cpuid_leaves();
        let fresh = cpufeatures::__cpuid_leaves_uncached();
        assert_eq!(
            (cached[0].eax, cached[0].ecx, cached[0].edx),
            (fresh[0].eax, fresh[0].ecx, fresh[0].edx)
        );
        assert_eq!(
            (cached[1].eax, cached[1].ebx, cached[1].ecx, cached[1].edx),
            (fresh[1].eax, fresh[1].ebx, fresh[1].ecx, fresh[1].edx)
        );
        assert!(cpufeatures::__cpuid_cached());
    }
}
