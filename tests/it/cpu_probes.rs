//! The vendored cpufeatures patch (vendor/README.md): the crypto crates'
//! CPU probes share one CPUID answer per process. It must be the CPU's
//! answer, and the features read from it must be the ones std detects.
#![cfg(all(target_arch = "x86_64", not(miri)))]

cpufeatures::new!(probe_avx2, "avx2");
cpufeatures::new!(probe_sha, "sha", "sse2", "ssse3", "sse4.1");
cpufeatures::new!(probe_aes, "aes", "pclmulqdq");
cpufeatures::new!(probe_avx512, "avx512f");

#[test]
fn the_shared_cpuid_answer_is_the_cpus() {
    // Twice: the first call may fill the cache, the second reads it.
    for round in 0..2 {
        let cached = cpufeatures::__cpuid_leaves();
        let fresh = cpufeatures::__cpuid_leaves_uncached();
        // Leaf 1's EBX holds the APIC id of whichever core answered.
        let leaf1 = |r: &[core::arch::x86_64::CpuidResult; 2]| (r[0].eax, r[0].ecx, r[0].edx);
        let leaf7 =
            |r: &[core::arch::x86_64::CpuidResult; 2]| (r[1].eax, r[1].ebx, r[1].ecx, r[1].edx);
        assert_eq!(leaf1(&cached), leaf1(&fresh));
        assert_eq!(leaf7(&cached), leaf7(&fresh));
        // One call fills the cache: later probes ask the CPU nothing.
        assert!(
            cpufeatures::__cpuid_cached(),
            "not cached after call {round}"
        );
    }
}

#[test]
fn features_read_from_the_shared_answer_are_the_ones_std_detects() {
    assert_eq!(probe_avx2::get(), std::is_x86_feature_detected!("avx2"));
    assert_eq!(
        probe_sha::get(),
        std::is_x86_feature_detected!("sha")
            && std::is_x86_feature_detected!("sse2")
            && std::is_x86_feature_detected!("ssse3")
            && std::is_x86_feature_detected!("sse4.1")
    );
    assert_eq!(
        probe_aes::get(),
        std::is_x86_feature_detected!("aes") && std::is_x86_feature_detected!("pclmulqdq")
    );
    assert_eq!(
        probe_avx512::get(),
        std::is_x86_feature_detected!("avx512f")
    );
}
